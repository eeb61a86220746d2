package dev.deletionjobs.http;

import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.testing.Management;
import dev.deletionjobs.testing.RawHttp;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * A client that sends its next requests before it reads the answers (HTTP/1.1 pipelining) and then stops reading
 * holds at most {@link ClientConnections#MOST_UNSENT_AHEAD} bytes of answers unsent and one more answer: its next
 * request ends the connection ({@link UnsentAnswersTest} holds that bound where the kernel's buffers are a network's).
 * A client that reads each answer before it asks again keeps its connection, however long the answers.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipelinedRequestsTest {

    /** How much a client may send without reading before the test calls the service's reading unbounded. */
    private static final long UNBOUNDED = 64L << 20;
    private static final String TYPENAME = "GET /graphql?query=%7B__typename%7D HTTP/1.1\r\nHost: localhost\r\n\r\n";
    /** Answered on a worker thread: the requests behind it are read while it runs, and wait. */
    private static final String LIST = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
            + "X-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\nContent-Length: 16\r\n\r\n{\"maxResults\":1}";

    @Inject
    DataDeletionJobStore store;

    /** 10 jobs with 200 tags each: a page of them is some 800 KB, far past that bound. */
    private String group;

    @BeforeAll
    void seedJobsWithManyTags() {
        group = newDatasetGroupArn();
        SeededJobs.seedWithTags(store, group, 10, SeededJobs::longestAsciiTag);
    }

    @Test
    void aClientThatReadsEachAnswerKeepsItsConnection() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 20; i++) {
                socket.getOutputStream().write(pageRequest());
                String head = RawHttp.readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200 "), "answer " + i + ": " + head);
                byte[] body = in.readNBytes(contentLength(head));
                String text = new String(body, StandardCharsets.UTF_8);
                assertTrue(body.length > 700_000 && !text.contains("\"errors\""), "answer " + i + ": " + body.length);
            }
        }
    }

    @Test
    void longAnswersPipelinedAndUnreadEndTheConnection() throws IOException {
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("localhost", RestAssured.port));
            socket.setSoTimeout(20_000);
            byte[] request = pageRequest();
            for (int i = 0; i < 50; i++) {
                socket.getOutputStream().write(request);
            }
            socket.getOutputStream().flush();
            // Unread, the answers fill the kernel's buffers (a few MB at most) and then the socket's queue; the next
            // request finds it full and ends the connection. Without that, all 50 answers (40 MB) would be queued,
            // and read here.
            sleep(2_000);
            long read = RawHttp.readUntilClosed(socket.getInputStream()).length;
            assertTrue(read < 12_000_000, "read " + read + " bytes: the answers to more requests than buffers hold");
        }
    }

    @Test
    void aClientAFewRequestsAheadIsAnsweredInOrder() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            // Rounds of ten, each sent at once and then read: the count of requests ahead goes down as they are.
            for (int round = 0; round < 5; round++) {
                socket.getOutputStream().write(LIST.repeat(10).getBytes(StandardCharsets.ISO_8859_1));
                for (int i = 0; i < 10; i++) {
                    String head = RawHttp.readHead(in);
                    assertTrue(head.startsWith("HTTP/1.1 200 "), "round " + round + ", answer " + i + ": " + head);
                    String body = new String(in.readNBytes(contentLength(head)), StandardCharsets.UTF_8);
                    assertTrue(body.contains("dataDeletionJobs"), body);
                }
            }
        }
    }

    @Test
    void aClientMoreThanSixteenRequestsAheadLosesItsConnection() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            // Short answers, into loopback's large buffers: what ends the connection is the count of requests read
            // while the first is answered.
            socket.getOutputStream().write(LIST.repeat(100).getBytes(StandardCharsets.ISO_8859_1));
            String answered = new String(RawHttp.readUntilClosed(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            int answers = answered.split("HTTP/1\\.1 200 ", -1).length - 1;
            assertTrue(answers <= ClientConnections.MOST_REQUESTS_AHEAD, answers + " of 100 answered");
        }
    }

    @Test
    void requestsBehindOneThatClosesTheConnectionAreNotBegun() throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            // Two Hosts: refused, and the connection closed after the answer. Behind it, one that would be refused
            // at once on the event loop (long before the first answer is sent), then some answered on worker threads.
            String refused = LIST.replace("Host: localhost\r\n", "Host: localhost\r\nHost: elsewhere\r\n");
            socket.getOutputStream().write((refused + refused + LIST.repeat(10)).getBytes(StandardCharsets.ISO_8859_1));
            String answered = new String(RawHttp.readUntilClosed(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(answered.startsWith("HTTP/1.1 400 "), answered);
            assertEquals(1, answered.split("HTTP/1\\.1 ", -1).length - 1, answered);
        }
    }

    @Test
    void shortAnswersPipelinedAndUnreadEndTheConnection() throws IOException {
        assertCutOff(RestAssured.port, TYPENAME);
    }

    @Test
    void theManagementPortCutsOffPipeliningToo() throws IOException {
        // A scrape's answer is longer than the bound by itself: the second request already finds it unsent.
        assertCutOff(URI.create(Management.url("/")).getPort(), "GET /q/metrics HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    /**
     * Sends {@code request} over and over without reading a byte, through a small receive buffer, and expects the
     * service to end the connection well before it has taken {@link #UNBOUNDED} bytes.
     */
    private static void assertCutOff(int port, String request) throws IOException {
        byte[] one = request.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer many = ByteBuffer.allocate(one.length * 1_000);
        while (many.remaining() >= one.length) {
            many.put(one);
        }
        many.flip();
        long sent = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (SocketChannel channel = SocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            channel.connect(new InetSocketAddress("localhost", port));
            channel.configureBlocking(false);
            while (sent < UNBOUNDED && System.nanoTime() < deadline) {
                int written = channel.write(many);
                sent += written;
                if (!many.hasRemaining()) {
                    many.rewind();
                }
                if (written == 0) {
                    sleep(10);
                }
            }
        } catch (IOException closedByTheService) {
            assertTrue(sent < 16L << 20, "the connection was ended only after " + sent + " bytes");
            return;
        }
        fail("the service took " + sent + " bytes of requests whose answers were never read, and kept the connection");
    }

    private byte[] pageRequest() {
        String body = "{\"query\":\"query($g: String) { dataDeletionJobs(datasetGroupArn: $g, first: 10) { nodes { arn"
                + " tags { tagKey tagValue } } } }\",\"variables\":{\"g\":\"" + group + "\"}}";
        return ("POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        String length = head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1");
        assertTrue(!length.equals(head), "a length: " + head);
        return Integer.parseInt(length);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
