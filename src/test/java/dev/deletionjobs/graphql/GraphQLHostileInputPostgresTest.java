package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.PostgresStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link GraphQLHostileInputTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresStore.class)
class GraphQLHostileInputPostgresTest extends GraphQLHostileInputTest {
}
