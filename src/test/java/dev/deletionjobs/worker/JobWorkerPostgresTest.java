package dev.deletionjobs.worker;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link JobWorkerTest} again, with the jobs in PostgreSQL: claims race through FOR UPDATE SKIP LOCKED. */
@QuarkusTest
@TestProfile(WorkerPostgresTestProfile.class)
class JobWorkerPostgresTest extends JobWorkerTest {
}
