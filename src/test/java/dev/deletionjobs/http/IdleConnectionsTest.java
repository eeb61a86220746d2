package dev.deletionjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * A connection that goes silent is closed, on the API port and the management port: a client that opens sockets
 * and sends nothing, or half a request, holds none for long. The idle timeout is 75 s; here it is 2 s.
 */
@QuarkusTest
@TestProfile(IdleConnectionsTest.ShortIdleTimeout.class)
class IdleConnectionsTest {

    public static class ShortIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.idle-timeout", "2s", "quarkus.management.idle-timeout", "2s");
        }
    }

    private static final String HALF_A_HEAD = "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: AmazonPers";

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aConnectionThatSendsNothingIsClosed() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            assertClosedUnanswered(socket);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aRequestHeadStartedAndNeverFinishedIsClosed() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.getOutputStream().write(HALF_A_HEAD.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            assertClosedUnanswered(socket);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aKeptAliveConnectionIsClosedOnceIdle() throws IOException {
        String body = "{}";
        String request = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\nContent-Length: " + body.length() + "\r\n\r\n"
                + body;
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            int length = Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
            in.skipNBytes(length);
            assertEquals(-1, in.read(), "the kept-alive connection is closed once idle");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theManagementPortClosesSilentConnectionsToo() throws IOException {
        int port = URI.create(Management.url("/")).getPort();
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream().write("GET /q/health HTTP/1.1\r\nHost: local".getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            assertClosedUnanswered(socket);
        }
    }

    /** The service ends the connection without a byte, well within the test's patience. */
    private static void assertClosedUnanswered(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        try {
            assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the silent connection was still open after 20 s", stillOpen);
        }
    }
}
