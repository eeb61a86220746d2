package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SubscriptionAcrossReplicasScenario} on PostgreSQL, where the feed is LISTEN/NOTIFY. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true, initArgs = @ResourceArg(name = "kind", value = "postgresql"))
class GraphQLSubscriptionAcrossReplicasPostgresIT extends SubscriptionAcrossReplicasScenario {
}
