package dev.deletionjobs.http;

import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.FreePorts;
import dev.deletionjobs.testing.RawHttp;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * A replica that begins to stop lets the requests in flight finish, and sends its clients elsewhere meanwhile. A
 * replica of its own: after this, it is stopping.
 */
@QuarkusTest
@TestProfile(RequestsInFlightTest.OwnReplica.class)
@Timeout(120)
class RequestsInFlightTest {

    public static class OwnReplica implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Longer than any wait here, so only the request's end can end the stop's wait. Ports of its own, as a
            // deployment has them: Vert.x names a server's port in its metrics only when it is set.
            return Map.of("personalize.http.stop-timeout", "60s", "personalize.http.body-timeout", "60s",
                    "quarkus.http.test-port", String.valueOf(FreePorts.next()), "quarkus.management.test-port",
                    String.valueOf(FreePorts.next()));
        }
    }

    @Inject
    Event<ShutdownDelayInitiatedEvent> stopping;

    @Inject
    RequestsInFlight requests;

    @Test
    void aStoppingReplicaWaitsForTheRequestsInFlightAndClosesConnectionsMeanwhile() throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            // Half a body: the request stays in flight until the rest comes.
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            while (requests.inFlight() <= 0) {
                Thread.sleep(10);
            }
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> stopping.fire(
                    new ShutdownDelayInitiatedEvent()));
            // Another client's request meanwhile is answered, and told to go elsewhere for the next.
            Response meanwhile;
            do {
                meanwhile = awsJson("AmazonPersonalize.ListDataDeletionJobs").body("{}").post("/");
                meanwhile.then().statusCode(200);
            } while (!"close".equalsIgnoreCase(meanwhile.header("Connection")));
            assertTrue(!stopped.isDone(), "the stop waits while a request is in flight");

            out.write('}');
            out.flush();
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200 "), head);
            assertTrue(head.toLowerCase().contains("connection: close"), head);
            stopped.get(30, TimeUnit.SECONDS);
            assertEquals(0, requests.inFlight());
        }
    }
}
