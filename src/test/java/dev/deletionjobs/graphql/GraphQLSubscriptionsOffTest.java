package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.testing.RawGraphQLSocket;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;

/** personalize.graphql.subscriptions.enabled=false: no WebSocket is accepted, and no change feed is opened. */
@QuarkusTest
@TestProfile(GraphQLSubscriptionsOffTest.SubscriptionsOff.class)
class GraphQLSubscriptionsOffTest {

    public static class SubscriptionsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("personalize.graphql.subscriptions.enabled", "false");
        }
    }

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobChanges changes;

    @Test
    void anUpgradeIsRefusedAndTheStoreIsNotFollowed() {
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> RawGraphQLSocket.open(vertx, graphql.getPort(), "graphql-transport-ws"));
        assertTrue(refused.getCause() instanceof UpgradeRejectedException, () -> String.valueOf(refused.getCause()));
        assertEquals(400, ((UpgradeRejectedException) refused.getCause()).getStatus());
        assertFalse(changes.isFollowing());
    }
}
