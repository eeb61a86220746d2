package dev.deletionjobs.store.mongodb;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** An embedded store of its own with the service's worker off: the queue {@link MongoClaimTest} loads is its alone. */
public class MongoClaimTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("personalize.worker.enabled", "false");
    }
}
