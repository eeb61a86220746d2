package dev.deletionjobs.lifecycle;

import java.util.HashMap;
import java.util.Map;

import dev.deletionjobs.testing.PostgresStore;

/** {@link QueueTestProfile}, with the jobs in PostgreSQL. */
public class QueuePostgresTestProfile extends QueueTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.putAll(PostgresStore.SETTINGS);
        return overrides;
    }
}
