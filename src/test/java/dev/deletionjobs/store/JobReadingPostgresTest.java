package dev.deletionjobs.store;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link JobReadingTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class JobReadingPostgresTest extends JobReadingTest {
}
