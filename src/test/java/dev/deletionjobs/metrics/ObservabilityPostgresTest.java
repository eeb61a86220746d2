package dev.deletionjobs.metrics;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ObservabilityTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class ObservabilityPostgresTest extends ObservabilityTest {
}
