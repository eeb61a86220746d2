package dev.deletionjobs.worker;

import java.util.HashMap;
import java.util.Map;

import dev.deletionjobs.testing.PostgresTestProfile;

/** {@link QueueTestProfile}, with the jobs in PostgreSQL. */
public class QueuePostgresTestProfile extends QueueTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.putAll(PostgresTestProfile.SETTINGS);
        return overrides;
    }
}
