package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link GraphQLSubscriptionTest} again, with the jobs in PostgreSQL: the feed is LISTEN/NOTIFY. */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class GraphQLSubscriptionPostgresTest extends GraphQLSubscriptionTest {
}
