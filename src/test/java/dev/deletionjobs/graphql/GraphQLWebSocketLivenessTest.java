package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.RawGraphQLSocket;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What a GraphQL WebSocket may hold: the pings that keep an idle socket open must be answered, or it is closed (a
 * client gone without a word, or one that never answers, held its connection for good); and an account holds at
 * most {@code max-connections-per-account} sockets on a replica; a replica that stops closes them. Pings every 2 s
 * here (30 s by default), two sockets an account (100).
 */
@QuarkusTest
@TestProfile(GraphQLWebSocketLivenessTest.FastPings.class)
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GraphQLWebSocketLivenessTest {

    public static class FastPings implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("personalize.graphql.subscriptions.ping-interval", "2s",
                    "personalize.graphql.subscriptions.max-connections-per-account", "2");
        }
    }

    private static final Duration PING_INTERVAL = Duration.ofSeconds(2);

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    Event<ShutdownDelayInitiatedEvent> stopping;

    @Test
    void aSocketThatAnswersNoPingIsClosedAndOneThatAnswersStaysOpen() throws Exception {
        try (RawGraphQLSocket silent = admitted(); RawGraphQLSocket answering = admitted()) {
            long until = System.nanoTime() + PING_INTERVAL.multipliedBy(4).toNanos();
            int pings = 0;
            while (System.nanoTime() < until) {
                JsonObject message = answering.next();
                assertEquals("ping", message.getString("type"), message::encode);
                answering.send(new JsonObject().put("type", "pong"));
                pings++;
            }
            assertTrue(pings >= 3, "pings answered: " + pings);
            assertThrows(TimeoutException.class, () -> answering.closeCode(Duration.ofMillis(100)),
                    "a socket that answers its pings stays open");
            // 1001, which clients reconnect on: one that was only slow comes back.
            assertEquals(1001, silent.closeCode());
            assertEquals("No pong to the last ping within 2 s", silent.closeReason());
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aStoppingReplicaClosesItsSocketsSoThatTheirClientsReconnectElsewhere() throws Exception {
        // As Quarkus tells it before it waits for the requests in flight, which an open socket would count as until
        // the wait timed out. Last here: nothing of this replica runs after it.
        try (RawGraphQLSocket socket = admitted()) {
            stopping.fire(new ShutdownDelayInitiatedEvent());
            assertEquals(1001, socket.closeCode());
            assertEquals("The service is stopping", socket.closeReason());
        }
    }

    @Test
    void anAccountHoldsAtMostItsSocketsAndGetsOneBackWhenItClosesOne() throws Exception {
        try (RawGraphQLSocket first = admitted(); RawGraphQLSocket second = admitted()) {
            try (RawGraphQLSocket third = RawGraphQLSocket.open(vertx, graphql.getPort(), GraphQLWebSocket.PROTOCOL)) {
                third.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
                assertEquals(1013, third.closeCode());
                assertEquals("The account holds 2 WebSockets here, the most it may: close one first",
                        third.closeReason());
            }
            first.close();
            first.closeCode();
            // The account gets its place back.
            admitted().close();
        }
    }

    /**
     * A socket initialised once the account has a place for it: the service counts a socket out as its close arrives,
     * which may be after a socket the test before closed, or the one this test just closed, is gone on this side.
     */
    private RawGraphQLSocket admitted() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            RawGraphQLSocket socket = RawGraphQLSocket.open(vertx, graphql.getPort(), GraphQLWebSocket.PROTOCOL);
            socket.send(new JsonObject().put("type", "connection_init").put("payload", new JsonObject()));
            JsonObject answer = socket.nextUnlessClosed();
            if (answer != null) {
                assertEquals("connection_ack", answer.getString("type"), answer::encode);
                return socket;
            }
            assertEquals(1013, socket.closeCode(), "refused for want of a place, if at all");
            socket.close();
            assertTrue(System.nanoTime() < deadline, "the account got no place back within 20 s");
            Thread.sleep(20);
        }
    }
}
