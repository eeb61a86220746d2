package dev.deletionjobs.service;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link JobQuotaTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(JobQuotaPostgresTestProfile.class)
class JobQuotaPostgresTest extends JobQuotaTest {
}
