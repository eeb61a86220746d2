package dev.deletionjobs.store.postgresql;

import java.util.HashMap;
import java.util.Map;

import dev.deletionjobs.testing.PostgresTestProfile;

/** PostgreSQL in a database of its own: the long queue {@link PostgresClaimPlanTest} loads reaches no other suite. */
public class ClaimPlanTestProfile extends PostgresTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("personalize.worker.enabled", "false");
        return overrides;
    }
}
