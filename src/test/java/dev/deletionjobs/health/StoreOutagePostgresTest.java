package dev.deletionjobs.health;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** {@link StoreOutageScenario} with PostgreSQL behind the proxy: its connection faults are ServiceUnavailable too. */
@QuarkusTest
@TestProfile(StoreOutagePostgresTest.OwnStore.class)
@QuarkusTestResource(value = StoreBehindProxy.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = "kind", value = "postgresql"))
class StoreOutagePostgresTest extends StoreOutageScenario {

    /** A profile of its own, so the proxied store is this test's alone. */
    public static class OwnStore implements QuarkusTestProfile {
    }
}
