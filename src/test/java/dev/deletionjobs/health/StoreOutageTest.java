package dev.deletionjobs.health;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@link StoreOutageScenario} with MongoDB behind the proxy. */
@QuarkusTest
@TestProfile(StoreOutageTest.OwnStore.class)
@QuarkusTestResource(value = StoreBehindProxy.class, restrictToAnnotatedClass = true)
class StoreOutageTest extends StoreOutageScenario {

    /** A profile of its own, so the proxied store is this test's alone. */
    public static class OwnStore implements QuarkusTestProfile {
    }
}
