package dev.deletionjobs.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The service on PostgreSQL (the embedded one: real PostgreSQL binaries, a fresh database per application start).
 * The *PostgresTest classes run a suite written for the default store again under it, so neither store can drift
 * from the contract.
 */
public class PostgresTestProfile implements QuarkusTestProfile {

    public static final Map<String, String> SETTINGS = Map.of("personalize.store.kind", "postgresql");

    @Override
    public Map<String, String> getConfigOverrides() {
        return SETTINGS;
    }
}
