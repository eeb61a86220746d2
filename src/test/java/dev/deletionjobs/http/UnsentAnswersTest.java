package dev.deletionjobs.http;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.RawHttp;
import dev.deletionjobs.testing.SeededJobs;
import dev.deletionjobs.testing.SendBufferSize;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * A client that asks again while answers to it wait unsent in the service's queue (beyond what the kernel's buffers
 * took) past {@link ClientConnections#MOST_UNSENT_AHEAD} loses its connection at that request, well before Netty's
 * high-water mark (64 KB) that bounded it before. The server's send buffer is a network's, not loopback's, so the
 * unread answers wait in the service's queue.
 */
@QuarkusTest
@TestProfile(UnsentAnswersTest.SmallSendBuffer.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UnsentAnswersTest {

    public static class SmallSendBuffer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(SendBufferSize.PROPERTY, "4096");
        }
    }

    /** Far fewer than the requests a client may have unanswered, so that only the unsent answers can end it. */
    private static final int ROUND = 2;
    /** Some 50 KB of answers: more than both sockets' buffers and the new bound, less than the high-water mark. */
    private static final int ROUNDS = 36;

    @Inject
    DataDeletionJobStore store;

    private String group;

    @BeforeAll
    void seed() {
        group = newDatasetGroupArn();
        SeededJobs.seed(store, group, 2, 1);
    }

    @Test
    void aClientThatStoppedReadingLosesItsConnectionAtItsNextRequest() throws Exception {
        byte[] request = RawHttp.awsJsonRequest("ListDataDeletionJobs",
                "{\"datasetGroupArn\":\"" + group + "\",\"maxResults\":1}");
        // A first list, read, so that none of the unread ones waits for the service to warm up.
        call("ListDataDeletionJobs", Map.of("maxResults", 1)).then().statusCode(200);
        // Which rule ended a connection is said at DEBUG.
        Logger rules = Logger.getLogger(ClientConnections.class.getPackageName());
        Level level = rules.getLevel();
        rules.setLevel(Level.FINE);
        try (LogCapture log = LogCapture.of(ClientConnections.class.getPackageName()); Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("localhost", RestAssured.port));
            OutputStream out = socket.getOutputStream();
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < ROUND; i++) {
                        out.write(request);
                    }
                    out.flush();
                    // Answered meanwhile, and left unread.
                    Thread.sleep(300);
                }
            } catch (IOException closedByTheService) {
                // What it sent after the close was refused: the connection is already gone.
            }
            socket.setSoTimeout(10_000);
            String answered = new String(RawHttp.readUntilClosed(socket.getInputStream()),
                    StandardCharsets.ISO_8859_1);
            int answers = answered.split("HTTP/1\\.1 200 ", -1).length - 1;
            assertTrue(answers < ROUND * ROUNDS, answers + " of " + ROUND * ROUNDS + " answered");
            // Ended first for its unsent answers, not for requests it had sent ahead of them (what it read while the
            // close was on its way may count as that too).
            assertTrue(log.lines().stream().filter(line -> line.startsWith("Dropped a connection")).findFirst()
                    .orElse("").startsWith("Dropped a connection that sent a request with its answers unread"),
                    () -> String.valueOf(log.lines()));
        } finally {
            rules.setLevel(level);
        }
    }
}
