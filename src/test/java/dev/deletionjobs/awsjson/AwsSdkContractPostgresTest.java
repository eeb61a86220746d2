package dev.deletionjobs.awsjson;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AwsSdkContractTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class AwsSdkContractPostgresTest extends AwsSdkContractTest {
}
