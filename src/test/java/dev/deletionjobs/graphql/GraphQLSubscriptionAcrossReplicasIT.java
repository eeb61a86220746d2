package dev.deletionjobs.graphql;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SubscriptionAcrossReplicasScenario} on MongoDB (a MongoDB-wire server with its oplog), the change stream. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true)
class GraphQLSubscriptionAcrossReplicasIT extends SubscriptionAcrossReplicasScenario {
}
