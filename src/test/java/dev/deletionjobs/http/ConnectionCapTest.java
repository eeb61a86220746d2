package dev.deletionjobs.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.Management;
import dev.deletionjobs.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A replica holds at most {@code quarkus.http.limits.max-connections} connections (10,000; here 3): one more is
 * closed unanswered, so sockets opened by the thousand cannot take the heap, and a freed place is taken again.
 */
@QuarkusTest
@TestProfile(ConnectionCapTest.ThreeConnections.class)
class ConnectionCapTest {

    public static class ThreeConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.limits.max-connections", "3");
        }
    }

    private static final String LIST = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1"
            + "\r\nX-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\nContent-Length: 2\r\n\r\n{}";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aConnectionPastTheCapIsClosedUnansweredAndAFreedPlaceIsTakenAgain() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket socket = new Socket("localhost", RestAssured.port);
                held.add(socket);
                assertTrue(answer(socket).startsWith("HTTP/1.1 200"), "connection " + i + " is served");
            }
            try (Socket oneTooMany = new Socket("localhost", RestAssured.port)) {
                assertTrue(answer(oneTooMany).isEmpty(), "the fourth connection is closed unanswered");
            }
            String metrics = RestAssured.get(Management.url("/q/metrics")).asString();
            assertTrue(metrics.matches("(?s).*\\nvertx_http_connections_rejected_total(\\{[^}]*})? [1-9].*"),
                    "the refusal is counted");

            held.remove(0).close();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String answer = "";
            while (!answer.startsWith("HTTP/1.1 200") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                try (Socket again = new Socket("localhost", RestAssured.port)) {
                    answer = answer(again);
                }
            }
            assertTrue(answer.startsWith("HTTP/1.1 200"), "the freed place is taken again: " + answer);
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** The status line and headers the service answers a listing with on {@code socket}, or "" if it closed it. */
    private static String answer(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        try {
            socket.getOutputStream().write(LIST.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return RawHttp.readHead(socket.getInputStream());
        } catch (SocketException closed) {
            // Reset as the service closed it: the same refusal, seen from the other side of the race.
            return "";
        }
    }
}
