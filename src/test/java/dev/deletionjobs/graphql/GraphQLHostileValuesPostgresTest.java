package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.PostgresStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link GraphQLHostileValuesTest} again, with the jobs in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresStore.class)
class GraphQLHostileValuesPostgresTest extends GraphQLHostileValuesTest {
}
