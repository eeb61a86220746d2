package dev.deletionjobs.awsjson;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link AwsJsonProtocolTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class AwsJsonProtocolPostgresTest extends AwsJsonProtocolTest {
}
