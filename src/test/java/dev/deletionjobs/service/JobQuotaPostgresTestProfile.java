package dev.deletionjobs.service;

import java.util.HashMap;
import java.util.Map;

import dev.deletionjobs.testing.PostgresTestProfile;

/** {@link JobQuotaTestProfile}, with the jobs in PostgreSQL. */
public class JobQuotaPostgresTestProfile extends JobQuotaTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.putAll(PostgresTestProfile.SETTINGS);
        return overrides;
    }
}
