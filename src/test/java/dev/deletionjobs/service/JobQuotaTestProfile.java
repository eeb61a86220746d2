package dev.deletionjobs.service;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A store of its own (the worker off) where an account may have three jobs waiting: what {@link JobQuotaTest} fills. */
public class JobQuotaTestProfile implements QuarkusTestProfile {

    static final int QUOTA = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("personalize.jobs.max-waiting-per-account", String.valueOf(QUOTA));
    }
}
