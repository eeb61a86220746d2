package dev.deletionjobs.store.postgresql;

import java.util.HashMap;
import java.util.Map;

import dev.deletionjobs.testing.PostgresTestProfile;

/**
 * PostgreSQL in a database of its own: the long queue {@link PostgresClaimPlanTest} loads reaches no other suite, and
 * has the time it takes to load.
 */
public class ClaimPlanTestProfile extends PostgresTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("personalize.worker.enabled", "false");
        // Loading the queue is one statement of 100,000 rows, a notification trigger each: some 4 s on two busy cores,
        // against the 5 s an API's read may take before the driver gives up on it.
        overrides.put("quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "60");
        return overrides;
    }
}
