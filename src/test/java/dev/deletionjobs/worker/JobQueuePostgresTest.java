package dev.deletionjobs.worker;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link JobQueueTest} again, with the jobs in PostgreSQL: the cap holds through per-account advisory locks. */
@QuarkusTest
@TestProfile(QueuePostgresTestProfile.class)
class JobQueuePostgresTest extends JobQueueTest {
}
