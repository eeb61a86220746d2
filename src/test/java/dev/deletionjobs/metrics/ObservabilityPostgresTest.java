package dev.deletionjobs.metrics;

import dev.deletionjobs.testing.PostgresStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link ObservabilityTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresStore.class)
class ObservabilityPostgresTest extends ObservabilityTest {
}
