package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link TagsReadWhenShownTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class TagsReadWhenShownPostgresTest extends TagsReadWhenShownTest {
}
