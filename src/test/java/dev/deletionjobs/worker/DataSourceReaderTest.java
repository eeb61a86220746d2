package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.ObjectServer;
import dev.deletionjobs.testing.StsServer;
import dev.deletionjobs.testing.TestSettings;

/**
 * Reading data sources over HTTP and S3 against local servers, without the rest of the service. Every server is on
 * a loopback address; refusals of other ranges are the guard's decisions, tested in {@link SourceGuardTest}.
 */
class DataSourceReaderTest {

    private static final String ALLOW_PRIVATE = "personalize.worker.allow-private-sources"
            + " (PERSONALIZE_WORKER_ALLOW_PRIVATE_SOURCES)";
    private static final String PUBLIC_PORTS = "personalize.worker.public-source-ports"
            + " (PERSONALIZE_WORKER_PUBLIC_SOURCE_PORTS)";
    /** Why a location whose host is a name is refused, whatever the name resolves to, if anything. */
    private static final String NAMED_HOST_REFUSED = "its host name does not resolve, or not to an address this"
            + " service reads from (public ones; private ones only when " + ALLOW_PRIVATE + " is true; cloud metadata"
            + " ones never); check the location.";
    private static final SourceAccess ACCESS = new SourceAccess("arn:aws:iam::000000000000:role/reader",
            "000000000000", "reader-test");
    private static ObjectServer server;
    private static DataSourceReader reader;

    @BeforeAll
    static void start() throws Exception {
        server = new ObjectServer()
                .put("files/good.csv", "USER_ID\nu1\nu2\nu1\n")
                .put("files/slow.csv", "USER_ID\nu1\n").stall("files/slow.csv", 3_000)
                .put("files/big.csv", "USER_ID\n" + "u\n".repeat(600))
                .put("files/secret.csv", "password=hunter2\nu1\n")
                .put("bucket/one.csv", "USER_ID\na\nb\n")
                .put("bucket/folder/part-1.csv", "USER_ID\na\nb\nc\n")
                .put("bucket/folder/part-2.csv", "USER_ID\nc\nd\n")
                .put("bucket/folder/", "")
                .put("bucket/bad/part-1.csv", "USER_ID\na\n")
                .put("bucket/bad/part-2.csv", "ITEM_ID\nb\n");
        reader = new DataSourceReader(new TestSettings()
                .set("personalize.worker.read-timeout", "1s")
                .set("personalize.worker.max-input-size", "1000")
                .set("personalize.s3.endpoint", server.endpoint())
                .config());
    }

    @AfterAll
    static void stop() {
        reader.close();
        server.close();
    }

    @Test
    void httpFilesAreCountedByDistinctIds() throws Exception {
        assertEquals(2, reader.countUserIds(server.url("files/good.csv"), ACCESS, aMinute()));
    }

    @Test
    void httpFailuresNameTheLocationAndTheFix() {
        String missing = server.url("files/missing.csv");
        assertProblem(missing, "The data source " + missing + " does not exist: its server has no file there; check"
                + " the location.");
        String slow = server.url("files/slow.csv");
        assertProblem(slow, "Reading the data source " + slow + " timed out: no data arrived for 1 seconds"
                + " (personalize.worker.read-timeout).");
        String big = server.url("files/big.csv");
        assertProblem(big, "The data source " + big + " is larger than 1000 bytes, the most a job reads"
                + " (personalize.worker.max-input-size); split it into several jobs.");
        assertProblem("http://127.0.0.1:1/nothing-listens.csv", "The data source http://127.0.0.1:1/nothing-listens.csv"
                + " could not be read: nothing accepts connections at its host and port; check the location.");
        assertProblem("file:///etc/passwd", "The data source file:///etc/passwd is not a valid location: it must be"
                + " an s3://, http:// or https:// URL.");
    }

    @Test
    void nothingTheSourceSentIsQuotedBack() {
        String secret = server.url("files/secret.csv");
        assertProblem(secret, "Line 1 of " + secret + " is not the header USER_ID: the file must start with USER_ID"
                + " alone on its first line.");
        server.put("files/teapot.csv", "USER_ID\nu1\n").failFirst("files/teapot.csv", 1, 418);
        String teapot = server.url("files/teapot.csv");
        assertProblem(teapot, "The data source " + teapot + " could not be read: its server refused the request;"
                + " check that the location is a plain file download.");
    }

    @Test
    void loopbackIsRefusedUnlessPrivateSourcesAreAllowed() throws Exception {
        DataSourceReader guarded = new DataSourceReader(new TestSettings()
                .set("personalize.worker.allow-private-sources", false).config());
        try (ObjectServer target = new ObjectServer().put("users.csv", "USER_ID\nu1\n")) {
            String byAddress = target.url("users.csv");
            InputProblem problem = assertThrows(InputProblem.class,
                    () -> guarded.countUserIds(byAddress, ACCESS, aMinute()));
            assertEquals("The data source " + byAddress + " is refused: its host resolves to a loopback address,"
                    + " and this service reads such addresses only when " + ALLOW_PRIVATE + " is true.",
                    problem.getMessage());
            String byName = byAddress.replace("127.0.0.1", "localhost");
            assertProblem(guarded, byName, "The data source " + byName + " is refused: " + NAMED_HOST_REFUSED);
            assertEquals(0, target.requests(), "the guard refuses before connecting");
            // The same server, read with private sources allowed: the refusal above was the guard's alone.
            assertEquals(1, reader.countUserIds(byAddress, ACCESS, aMinute()));
            assertEquals(1, target.requests());
        } finally {
            guarded.close();
        }
    }

    @Test
    void aNameThatDoesNotResolveIsRefusedAsOneThatResolvesPrivately() throws Exception {
        DataSourceReader guarded = new DataSourceReader(new TestSettings()
                .set("personalize.worker.allow-private-sources", false).config());
        try (ObjectServer hops = new ObjectServer()) {
            // Told apart, the two would let a caller ask the cluster's resolver which names exist, name by name.
            String unknown = "http://no-such-host.invalid/users.csv";
            assertProblem(guarded, unknown, "The data source " + unknown + " is refused: " + NAMED_HOST_REFUSED);
            assertProblem(unknown, "The data source " + unknown + " is refused: " + NAMED_HOST_REFUSED);
            hops.redirect("away", unknown);
            String location = hops.url("away");
            assertProblem(location, "The data source " + location + " is refused: it redirects to a host name that"
                    + NAMED_HOST_REFUSED.substring("its host name".length()));
            assertEquals(1, hops.requests());
        } finally {
            guarded.close();
        }
    }

    @Test
    void aPublicAddressIsReadOnHttpAndHttpsPortsOnly() throws Exception {
        // Refused before a packet is sent: nothing listens here on these addresses, and nothing needs to.
        String smtp = "http://8.8.8.8:25/users.csv";
        assertProblem(smtp, "The data source " + smtp + " is refused: its host is a public address, which this"
                + " service reads on ports 80, 443 only, not on port 25 (" + PUBLIC_PORTS + "); serve the file on one"
                + " of those.");
        try (ObjectServer hops = new ObjectServer()) {
            hops.redirect("away", "https://[2606:4700:4700::1111]:8443/users.csv");
            String location = hops.url("away");
            assertProblem(location, "The data source " + location + " is refused: it redirects to a public address,"
                    + " which this service reads on ports 80, 443 only, not on port 8443 (" + PUBLIC_PORTS + ");"
                    + " serve the file on one of those.");
            assertEquals(1, hops.requests(), "a private address (open in this test) is read on any port");
        }
        DataSourceReader withPort = new DataSourceReader(new TestSettings()
                .set("personalize.worker.public-source-ports", "443,8443").config());
        try {
            assertProblem(withPort, smtp, "The data source " + smtp + " is refused: its host is a public address,"
                    + " which this service reads on ports 443, 8443 only, not on port 25 (" + PUBLIC_PORTS + ");"
                    + " serve the file on one of those.");
        } finally {
            withPort.close();
        }
    }

    @Test
    void specialPurposeAddressesAreRefusedWhateverTheSetting() {
        DataSourceReader guarded = new DataSourceReader(new TestSettings()
                .set("personalize.worker.allow-private-sources", false).config());
        try {
            Map<String, String> ranges = Map.of(
                    "http://192.0.0.192/latest/", "a cloud metadata address",
                    "http://198.18.0.1/", "a special-purpose address that is not globally reachable",
                    "http://192.0.0.1/users.csv", "a special-purpose address that is not globally reachable",
                    "http://203.0.113.9/users.csv", "an address reserved for documentation",
                    "http://[2001:db8::1]/users.csv", "an address reserved for documentation",
                    "http://[::ffff:0:a9fe:a9fe]/latest/", "a cloud metadata address");
            for (DataSourceReader setting : new DataSourceReader[] { guarded, reader }) {
                ranges.forEach((location, range) -> {
                    InputProblem problem = assertThrows(InputProblem.class,
                            () -> setting.countUserIds(location, ACCESS, aMinute()), location);
                    assertEquals("The data source " + location + " is refused: its host resolves to " + range
                            + ", which this service never reads (" + ALLOW_PRIVATE + " does not open it).",
                            problem.getMessage());
                });
            }
        } finally {
            guarded.close();
        }
    }

    @Test
    void cloudMetadataIsRefusedWithPrivateSourcesAllowed() throws Exception {
        // The reader of this class allows private sources, as on-premises setups do.
        for (String location : new String[] { "http://[fd00:ec2::254]/latest/meta-data/",
                "http://100.100.100.200/latest/meta-data/", "http://192.0.0.192/latest/",
                "http://[fd20:ce::254]/computeMetadata/v1/", "http://[64:ff9b:1::a9fe:a9fe]/latest/meta-data/" }) {
            assertProblem(location, "The data source " + location + " is refused: its host resolves to a cloud"
                    + " metadata address, which this service never reads (" + ALLOW_PRIVATE + " does not open it).");
        }
        try (ObjectServer hops = new ObjectServer()) {
            hops.redirect("metadata", "http://[fd00:ec2::254]/latest/meta-data/iam/security-credentials/");
            String location = hops.url("metadata");
            assertProblem(location, "The data source " + location + " is refused: it redirects to a host that"
                    + " resolves to a cloud metadata address, which this service never reads (" + ALLOW_PRIVATE
                    + " does not open it).");
            assertEquals(1, hops.requests());
        }
    }

    @Test
    void redirectsAreFollowedThreeTimesAtMost() throws Exception {
        try (ObjectServer hops = new ObjectServer(); ObjectServer end = new ObjectServer()) {
            end.put("users.csv", "USER_ID\nu1\nu2\n");
            hops.redirect("three/1", hops.url("three/2")).redirect("three/2", hops.url("three/3"))
                    .redirect("three/3", end.url("users.csv"));
            assertEquals(2, reader.countUserIds(hops.url("three/1"), ACCESS, aMinute()));
            assertEquals(1, end.requests());

            try (ObjectServer beyond = new ObjectServer().put("users.csv", "USER_ID\nu1\n")) {
                hops.redirect("four/1", hops.url("four/2")).redirect("four/2", hops.url("four/3"))
                        .redirect("four/3", hops.url("four/4")).redirect("four/4", beyond.url("users.csv"));
                String location = hops.url("four/1");
                assertProblem(location, "The data source " + location + " redirects more than 3 times, the most a job"
                        + " follows; give the file's final location.");
                assertEquals(0, beyond.requests());
            }
            hops.redirect("elsewhere", "file:///etc/passwd");
            String location = hops.url("elsewhere");
            assertProblem(location, "The data source " + location + " redirects to a location that is not an http://"
                    + " or https:// URL; give the file's final location.");
        }
    }

    @Test
    void everyRedirectHopIsCheckedAgain() throws Exception {
        InetAddress second = InetAddress.getByName("127.0.0.2");
        // Private sources are open, but this guard refuses 127.0.0.2: only a check at the hop can stop the read.
        SourceGuard refusingSecond = new SourceGuard(true, Set.of(80, 443)) {
            @Override
            Range refusal(InetAddress address) {
                return address.equals(second) ? Range.LOOPBACK : super.refusal(address);
            }
        };
        DataSourceReader hopChecking = new DataSourceReader(TestSettings.defaults(), refusingSecond);
        try (ObjectServer first = new ObjectServer(); ObjectServer internal = new ObjectServer(second)) {
            internal.put("users.csv", "USER_ID\nu1\n");
            first.redirect("away", internal.url("users.csv"));
            String location = first.url("away");
            InputProblem problem = assertThrows(InputProblem.class,
                    () -> hopChecking.countUserIds(location, ACCESS, aMinute()));
            assertEquals("The data source " + location + " is refused: it redirects to a host that resolves to a"
                    + " loopback address, and this service reads such addresses only when " + ALLOW_PRIVATE
                    + " is true.", problem.getMessage());
            assertEquals(1, first.requests());
            assertEquals(0, internal.requests());
            assertFalse(problem.getMessage().contains("127.0.0.2"), "the hop's target is not quoted");
        } finally {
            hopChecking.close();
        }
    }

    @Test
    void aPortOutsideTcpsRangeIsNotAValidLocation() throws Exception {
        for (String location : new String[] { "http://127.0.0.1:70000/users.csv", "https://127.0.0.1:0/users.csv" }) {
            assertProblem(location, "The data source " + location + " is not a valid location: it must be an s3://,"
                    + " http:// or https:// URL.");
        }
        try (ObjectServer hops = new ObjectServer()) {
            hops.redirect("port", "http://127.0.0.1:2147483647/users.csv");
            String location = hops.url("port");
            assertProblem(location, "The data source " + location + " redirects to a location that is not an http://"
                    + " or https:// URL; give the file's final location.");
        }
    }

    @Test
    void transientFailuresAreRetriedUntilTheSourceAnswers() throws Exception {
        server.put("files/flaky.csv", "USER_ID\nu1\nu2\nu3\n").failFirst("files/flaky.csv", 2, 503);
        assertEquals(3, reader.countUserIds(server.url("files/flaky.csv"), ACCESS, aMinute()));
        assertEquals(1, server.reads("files/flaky.csv"));

        server.put("files/throttled.csv", "USER_ID\nu1\n").failFirst("files/throttled.csv", 1, 429);
        assertEquals(1, reader.countUserIds(server.url("files/throttled.csv"), ACCESS, aMinute()));

        server.put("bucket/flaky.csv", "USER_ID\na\nb\n").failFirst("bucket/flaky.csv", 2, 503);
        assertEquals(2, reader.countUserIds("s3://bucket/flaky.csv", ACCESS, aMinute()));

        server.put("files/down.csv", "USER_ID\nu1\n").failFirst("files/down.csv", 100, 503);
        String down = server.url("files/down.csv");
        assertProblem(down, "The data source " + down + " could not be read: its server was busy or failing in all 4"
                + " attempts; create the job again later.");
        server.put("bucket/down.csv", "USER_ID\nu1\n").failFirst("bucket/down.csv", 100, 503);
        assertProblem("s3://bucket/down.csv", "The data source s3://bucket/down.csv could not be read: its server was"
                + " busy or failing in all 4 attempts; create the job again later.");
    }

    @Test
    void aSourceFailingUntilNoTimeIsLeftForAnotherAttemptSaysSo() throws Exception {
        // The first pause takes at least 125 ms: with 125 ms to the deadline it outlasts what the first attempt left,
        // however long the attempt took, and the attempt (on a warm client) has all of it.
        server.put("files/failing.csv", "USER_ID\nu1\n").failFirst("files/failing.csv", 100, 503);
        server.put("files/warm.csv", "USER_ID\nu1\n");
        assertEquals(1, reader.countUserIds(server.url("files/warm.csv"), ACCESS, aMinute()), "the client is warm");
        String failing = server.url("files/failing.csv");
        InputProblem problem = assertThrows(InputProblem.class,
                () -> reader.countUserIds(failing, ACCESS, JobDeadline.after(Duration.ofMillis(125))));
        assertEquals("The data source " + failing + " could not be read: its server was busy or failing until the job"
                + " had no time left for another attempt; create the job again later.", problem.getMessage());
    }

    @Test
    @Timeout(60)
    void aResetConnectionIsRetried() throws Exception {
        // The first connection is reset (RST) once the request has arrived; the second is answered with the file.
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread serving = new Thread(() -> {
                while (connections.get() < 2) {
                    try (Socket socket = listener.accept()) {
                        socket.getInputStream().read(new byte[8192]);
                        if (connections.incrementAndGet() == 1) {
                            socket.setSoLinger(true, 0);
                            continue;
                        }
                        byte[] body = "USER_ID\nr1\nr2\n".getBytes(StandardCharsets.UTF_8);
                        socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().write(body);
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            serving.setDaemon(true);
            serving.start();
            String location = "http://127.0.0.1:" + listener.getLocalPort() + "/reset.csv";
            assertEquals(2, reader.countUserIds(location, ACCESS, aMinute()));
            assertEquals(2, connections.get());
        }
    }

    @Test
    @Timeout(60)
    void aHostThatNeverAcceptsTheConnectionTimesOut() throws Exception {
        // A listener that never accepts, its queue full: the kernel drops further connection attempts unanswered.
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                while (queued.size() < 10) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(listener.getLocalSocketAddress(), 500);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
                String location = "http://127.0.0.1:" + listener.getLocalPort() + "/unanswered.csv";
                assertProblem(location, "Reading the data source " + location + " timed out: its host did not accept"
                        + " a connection within 1 seconds (personalize.worker.read-timeout); check the location.");
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void anAnswerWithoutABodyIsAnEmptyFile() throws Exception {
        for (String status : new String[] { "204 No Content", "205 Reset Content" }) {
            String location = serveOnce("HTTP/1.1 " + status + "\r\nConnection: close\r\n\r\n");
            assertProblem(location, location + " is empty: it must start with the header row USER_ID.");
        }
    }

    @Test
    @Timeout(60)
    void aBodyShorterThanItsAnnouncedLengthIsNotCountedAsAFile() throws Exception {
        String cut = serveOnce("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\nUSER_ID\nu1\nu");
        assertProblem(cut, "The data source " + cut + " could not be read: the connection failed before the file was"
                + " complete; create the job again later.");
        String chunked = serveOnce("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "d\r\nUSER_ID\nu1\nu2\r\n");
        assertProblem(chunked, "The data source " + chunked + " could not be read: the connection failed before the"
                + " file was complete; create the job again later.");
    }

    @Test
    @Timeout(60)
    void aRefusedFileIsNotReadToItsEnd() throws Exception {
        // An endless body: a reader that drained the rest of a refused file would be held until its deadline.
        String rows = "u\n".repeat(4096);
        for (String first : new String[] { "ITEM_ID\n", "USER_ID\n" }) {
            String location = serveEndlessly("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(first.length()) + "\r\n" + first + "\r\n",
                    Integer.toHexString(rows.length()) + "\r\n" + rows + "\r\n");
            InputProblem problem = assertThrows(InputProblem.class, () -> reader.countUserIds(location, ACCESS,
                    JobDeadline.after(Duration.ofSeconds(10))));
            assertEquals(first.startsWith("ITEM_ID")
                    ? "Line 1 of " + location + " is not the header USER_ID: the file must start with USER_ID alone"
                            + " on its first line."
                    : "The data source " + location + " is larger than 1000 bytes, the most a job reads"
                            + " (personalize.worker.max-input-size); split it into several jobs.",
                    problem.getMessage());
        }
    }

    @Test
    @Timeout(60)
    void credentialsInTheLocationAreNeverSentForAChallenge() throws Exception {
        // A client that answered the challenge would first drain the 401's body, endless here, outside every bound.
        String endless = serveEndlessly("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"files\"\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", "1000\r\n" + "x".repeat(4096) + "\r\n");
        String location = endless.replace("http://", "http://reader:secret@");
        InputProblem problem = assertThrows(InputProblem.class, () -> reader.countUserIds(location, ACCESS,
                JobDeadline.after(Duration.ofSeconds(10))));
        assertEquals("The data source " + location + " refuses access: make it readable without credentials (e.g. a"
                + " presigned URL), or put it in S3.", problem.getMessage());
    }

    @Test
    @Timeout(60)
    void chunkFramingCountsAgainstTheInputSize() throws Exception {
        // 300 bytes of rows in chunks that each carry an 8 KB extension: 2.4 MB arrive for a 1000-byte limit.
        StringBuilder framed = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close"
                + "\r\n\r\n8\r\nUSER_ID\n\r\n");
        for (int row = 0; row < 100; row++) {
            framed.append("3;x=").append("e".repeat(8000)).append(String.format(Locale.ROOT, "\r\n%02d\n\r\n", row));
        }
        String location = serveOnce(framed.append("0\r\n\r\n").toString());
        assertProblem(location, "The data source " + location + " is larger than 1000 bytes, the most a job reads"
                + " (personalize.worker.max-input-size); split it into several jobs.");
        // Ordinary framing stays within the limit: the same rows in one chunk are read.
        String plain = serveOnce("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "12c\r\nUSER_ID\n" + "u\n".repeat(146) + "\r\n0\r\n\r\n");
        assertEquals(1, reader.countUserIds(plain, ACCESS, aMinute()));
    }

    /** A server that answers one request with {@code response}, as written, then closes the connection. */
    private static String serveOnce(String response) throws IOException {
        ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(() -> {
            try (listener; Socket socket = listener.accept()) {
                socket.getInputStream().read(new byte[8192]);
                socket.getOutputStream().write(response.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                // The reader went away: nothing left to answer.
            }
        });
        serving.setDaemon(true);
        serving.start();
        return "http://127.0.0.1:" + listener.getLocalPort() + "/once.csv";
    }

    /** A server that answers one request with {@code head}, then {@code repeated} until the reader hangs up. */
    private static String serveEndlessly(String head, String repeated) throws IOException {
        ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread serving = new Thread(() -> {
            try (listener; Socket socket = listener.accept()) {
                socket.getInputStream().read(new byte[8192]);
                socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
                byte[] again = repeated.getBytes(StandardCharsets.US_ASCII);
                while (true) {
                    socket.getOutputStream().write(again);
                }
            } catch (IOException e) {
                // The reader hung up, as it should.
            }
        });
        serving.setDaemon(true);
        serving.start();
        return "http://127.0.0.1:" + listener.getLocalPort() + "/endless.csv";
    }

    @Test
    @Timeout(60)
    void anEndlessHeaderIsRefusedWithoutBeingBuffered() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread serving = new Thread(() -> {
                try (Socket socket = listener.accept()) {
                    socket.getInputStream().read(new byte[8192]);
                    socket.getOutputStream().write("HTTP/1.1 200 OK\r\nX-Filler: ".getBytes(StandardCharsets.US_ASCII));
                    byte[] filler = "x".repeat(65536).getBytes(StandardCharsets.US_ASCII);
                    for (int i = 0; i < 1_000; i++) {
                        socket.getOutputStream().write(filler);
                    }
                } catch (IOException e) {
                    // The reader gave up on the header, as it should.
                }
            });
            serving.setDaemon(true);
            serving.start();
            String location = "http://127.0.0.1:" + listener.getLocalPort() + "/header.csv";
            assertProblem(location, "The data source " + location + " could not be read: its server's answer is not"
                    + " an HTTP response within this service's limits (100 headers of at most 8192 bytes); serve the"
                    + " file from a plain web server or S3.");
        }
    }

    @Test
    @Timeout(60)
    void aSourceThatNeverSendsAFinalStatusLineIsRefused() throws Exception {
        // Endless lines before any status line, or endless interim (1xx) answers: neither is the body, which the input
        // size meters, so only the parser can stop them before the deadline.
        for (String repeated : new String[] { "x".repeat(8000) + "\r\n",
                "HTTP/1.1 102 Processing\r\nX-Filler: " + "y".repeat(4000) + "\r\n\r\n" }) {
            String location = serveEndlessly("", repeated);
            InputProblem problem = assertThrows(InputProblem.class, () -> reader.countUserIds(location, ACCESS,
                    JobDeadline.after(Duration.ofSeconds(10))));
            assertEquals("The data source " + location + " could not be read: its server's answer is not an HTTP"
                    + " response within this service's limits (100 headers of at most 8192 bytes); serve the file"
                    + " from a plain web server or S3.", problem.getMessage());
        }
        // A few stray lines and a 103 Early Hints, as real servers send them, are still read past.
        String tolerated = serveOnce("\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 13\r\nConnection: close\r\n\r\nUSER_ID\nu1\nu2\n");
        assertEquals(2, reader.countUserIds(tolerated, ACCESS, aMinute()));
    }

    @Test
    @Timeout(60)
    void theDeadlineStopsASourceThatDrips() throws Exception {
        // A read timeout far above the drip interval: only the deadline can end this read.
        DataSourceReader patient = new DataSourceReader(new TestSettings()
                .set("personalize.worker.read-timeout", "20s").config());
        try (ObjectServer drip = new ObjectServer()) {
            drip.put("drip.csv", "USER_ID\n" + "u\n".repeat(100)).drip("drip.csv", 1_500);
            String location = drip.url("drip.csv");
            InputProblem problem = assertThrows(InputProblem.class,
                    () -> patient.countUserIds(location, ACCESS, JobDeadline.after(Duration.ofSeconds(3))));
            assertEquals("The job did not finish within 3 seconds (personalize.worker.job-timeout) while reading "
                    + location + "; serve the data source faster or split it into several jobs.", problem.getMessage());
        } finally {
            patient.close();
        }
    }

    @Test
    void s3ObjectsAndPrefixesAreRead() throws Exception {
        assertEquals(2, reader.countUserIds("s3://bucket/one.csv", ACCESS, aMinute()));
        // Every file under the prefix, each with its header; ids are distinct across files.
        assertEquals(4, reader.countUserIds("s3://bucket/folder/", ACCESS, aMinute()));
    }

    @Test
    void anS3FolderIsReadAcrossListingPages() throws Exception {
        try (ObjectServer paged = new ObjectServer().pageSize(2)) {
            for (int part = 1; part <= 5; part++) {
                paged.put("bucket/paged/part-" + part + ".csv", "USER_ID\nshared\nonly-" + part + "\n");
            }
            DataSourceReader pagedReader = new DataSourceReader(new TestSettings()
                    .set("personalize.s3.endpoint", paged.endpoint()).config());
            try {
                assertEquals(6, pagedReader.countUserIds("s3://bucket/paged/", ACCESS, aMinute()));
                assertEquals(3, paged.listings());
                for (int part = 1; part <= 5; part++) {
                    assertEquals(1, paged.reads("bucket/paged/part-" + part + ".csv"));
                }
            } finally {
                pagedReader.close();
            }
        }
    }

    @Test
    void anS3FolderOfMoreFilesThanTheLimitFailsBeforeAnyIsRead() throws Exception {
        int files = DataSourceReader.MAX_FOLDER_FILES + 1_500;
        try (ObjectServer crowded = new ObjectServer()) {
            byte[] content = "USER_ID\nu\n".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < files; i++) {
                crowded.put(String.format(Locale.ROOT, "crowded/all/%06d.csv", i), content);
            }
            crowded.put("crowded/all/marker/", "");
            DataSourceReader crowdedReader = new DataSourceReader(new TestSettings()
                    .set("personalize.s3.endpoint", crowded.endpoint()).config());
            try {
                for (String location : new String[] { "s3://crowded/all/", "s3://crowded" }) {
                    int listed = crowded.listings();
                    InputProblem problem = assertThrows(InputProblem.class,
                            () -> crowdedReader.countUserIds(location, ACCESS, aMinute()));
                    assertEquals("The data source " + location + " holds more than 10000 files, the most a job reads"
                            + " from one folder; split it into several jobs, one per sub-folder, or combine its files.",
                            problem.getMessage());
                    // Listing stops at the page that crosses the limit: 11 of the 12 pages of 1,000 keys.
                    assertEquals(11, crowded.listings() - listed, location);
                }
                assertEquals(0, crowded.reads("crowded/all/000000.csv"), "no file is read");
                assertEquals(2 * 11, crowded.requests(), "only listings were asked for");
            } finally {
                crowdedReader.close();
            }
        }
    }

    @Test
    void emptyObjectsInAFolderArePassedOverAsMarkersAre() throws Exception {
        try (ObjectServer spark = new ObjectServer()) {
            // What Spark leaves in a folder it wrote: its parts, and an empty _SUCCESS.
            spark.put("out/users/_SUCCESS", "");
            spark.put("out/users/part-00000.csv", "USER_ID\na\nb\n");
            spark.put("out/users/part-00001.csv", "USER_ID\nc\n");
            spark.put("out/empty/_SUCCESS", "");
            spark.put("out/empty/marker/", "");
            spark.put("out/alone.csv", "");
            DataSourceReader sparkReader = new DataSourceReader(new TestSettings()
                    .set("personalize.s3.endpoint", spark.endpoint()).config());
            try {
                assertEquals(3, sparkReader.countUserIds("s3://out/users/", ACCESS, aMinute()));
                assertEquals(0, spark.reads("out/users/_SUCCESS"), "an empty object is never read");
                assertEquals("The data source s3://out/empty/ holds no files (folder markers and empty objects are"
                        + " passed over).",
                        assertThrows(InputProblem.class,
                                () -> sparkReader.countUserIds("s3://out/empty/", ACCESS, aMinute())).getMessage());
                // Named on its own, an empty file is still the owner's to fix.
                assertEquals("s3://out/alone.csv is empty: it must start with the header row USER_ID.",
                        assertThrows(InputProblem.class,
                                () -> sparkReader.countUserIds("s3://out/alone.csv", ACCESS, aMinute())).getMessage());
            } finally {
                sparkReader.close();
            }
        }
    }

    @Test
    void aFolderOfMoreObjectsThanAListingGoesThroughFailsAfterThem() throws Exception {
        // Pages of 10,000 keys, as an S3-compatible server may send them: the bound is on objects, not pages.
        try (ObjectServer markers = new ObjectServer().pageSize(10_000)) {
            for (int i = 0; i < DataSourceReader.MAX_FOLDER_OBJECTS + 1; i++) {
                markers.put(String.format(Locale.ROOT, "markers/all/%06d/", i), "");
            }
            markers.put("markers/all/zzz.csv", "USER_ID\nu\n");
            DataSourceReader markersReader = new DataSourceReader(new TestSettings()
                    .set("personalize.s3.endpoint", markers.endpoint()).config());
            try {
                InputProblem problem = assertThrows(InputProblem.class,
                        () -> markersReader.countUserIds("s3://markers/all/", ACCESS, aMinute()));
                assertEquals("The data source s3://markers/all/ lists more than 100000 objects, folder markers and"
                        + " empty objects included, the most a job lists in one folder; point the job at the"
                        + " sub-folder that holds the files.", problem.getMessage());
                assertEquals(11, markers.listings(), "ten pages of 10,000, and the one that crosses");
            } finally {
                markersReader.close();
            }
        }
    }

    @Test
    void aCountPastWhatNumDeletedHoldsFailsTheJob() throws InputProblem {
        assertEquals(Integer.MAX_VALUE, DataSourceReader.numDeleted("s3://b/k.csv", Integer.MAX_VALUE));
        assertEquals("The data source s3://b/k.csv holds 2147483648 distinct user ids, more than the 2147483647 a"
                + " job can report; split it into several jobs.",
                assertThrows(InputProblem.class,
                        () -> DataSourceReader.numDeleted("s3://b/k.csv", Integer.MAX_VALUE + 1L)).getMessage());
    }

    @Test
    void s3FailuresNameTheObject() {
        assertProblem("s3://bucket/none.csv", "The data source s3://bucket/none.csv does not exist; check the bucket"
                + " and key.");
        assertProblem("s3://bucket/empty-prefix/", "The data source s3://bucket/empty-prefix/ holds no files (folder"
                + " markers and empty objects are passed over).");
        for (String noBucket : List.of("s3:///users.csv", "s3://", "s3:///")) {
            assertProblem(noBucket, "The data source " + noBucket + " names no bucket: write it as s3://bucket/key,"
                    + " or s3://bucket/folder/ for every file under a folder.");
        }
        assertProblem("s3://bucket/bad/", "Line 1 of s3://bucket/bad/part-2.csv is not the header USER_ID: the file"
                + " must start with USER_ID alone on its first line.");
    }

    @Test
    void anArnInPlaceOfTheBucketIsNamedAsSuch() {
        for (String location : List.of("s3://arn:aws:s3:us-east-1:123456789012:accesspoint:reader/users.csv",
                "s3://arn:aws:s3-object-lambda:us-east-1:123456789012:accesspoint:reader/users.csv")) {
            assertProblem(location, "The data source " + location + " names an ARN where its bucket should be: write"
                    + " it as s3://bucket/key, or s3://bucket/folder/ for every file under a folder.");
        }
    }

    @Test
    void aBucketNameTheSdkTakesForAnOutpostsAccessPointIsTheCallersToFix() {
        // The SDK refuses the first ("Unrecognized hardware type") and asks the endpoint's subdomain for the second,
        // before a request: both read as an endpoint out of reach, with a WARN, before they were refused here. The
        // third is too short for the SDK to take for an alias: refused all the same, by the suffix alone.
        for (String location : List.of("s3://" + "a".repeat(50) + "-abc--op-s3/ids.csv",
                "s3://reader-" + "a".repeat(40) + "--op-s3/ids.csv", "s3://abc--op-s3/ids.csv")) {
            try (LogCapture log = LogCapture.of(DataSourceReader.class.getName())) {
                assertProblem(location, "The data source " + location + " names a bucket ending in --op-s3, the"
                        + " suffix of S3 on Outposts access points' aliases, which this service does not read: give"
                        + " another bucket's name.");
                assertEquals(List.of(), log.lines(), "no endpoint fault for the operator to chase");
            }
        }
        // A directory bucket's suffix is the endpoint's to answer: asked for as it is, as any other bucket.
        assertProblem("s3://users--use1-az4--x-s3/ids.csv", "The data source s3://users--use1-az4--x-s3/ids.csv"
                + " does not exist; check the bucket and key.");
    }

    @Test
    void s3KeysWithSpacesPlusAndUnicodeAreReadAsNamed() throws Exception {
        server.put("bucket/odd keys/a b+c é.csv", "USER_ID\na\nb\n").put("bucket/odd keys/ü+1.csv", "USER_ID\nc\n");
        assertEquals(2, reader.countUserIds("s3://bucket/odd keys/a b+c é.csv", ACCESS, aMinute()));
        assertEquals(3, reader.countUserIds("s3://bucket/odd keys/", ACCESS, aMinute()));
    }

    /**
     * A gateway in front of the endpoint that normalises paths would take {@code bucket/../admin} elsewhere on its
     * host, signed with the service's credentials: no such name is requested, whether the job's or a listing's.
     */
    @Test
    void s3NamesWithDotSegmentsAreNeverRequested() throws Exception {
        int before = server.requests();
        for (String location : List.of("s3://bucket/../admin/users.csv", "s3://../x.csv", "s3://./x.csv",
                "s3://bucket/a/./b.csv", "s3://bucket/a/..")) {
            assertProblem(location, "The data source " + location + " names a bucket or key with a . or .. segment,"
                    + " which a proxy in front of the endpoint could resolve to another path: write it as"
                    + " s3://bucket/key, or s3://bucket/folder/ for every file under a folder.");
        }
        assertEquals(before, server.requests(), "nothing was requested");
        server.put("bucket/dots/a.csv", "USER_ID\na\n").put("bucket/dots/../b.csv", "USER_ID\nb\n");
        assertProblem("s3://bucket/dots/", "The file s3://bucket/dots/../b.csv of the data source s3://bucket/dots/"
                + " has a . or .. segment in its key, which this service does not request.");
        assertEquals(0, server.reads("bucket/dots/../b.csv"));
        // Dots within a name are names.
        server.put("my.bucket/a..b/.hidden.csv", "USER_ID\nz\n");
        assertEquals(1, reader.countUserIds("s3://my.bucket/a..b/.hidden.csv", ACCESS, aMinute()));
    }

    @Test
    void anS3FileThatVanishesAfterTheListingIsNamed() {
        server.put("bucket/changing/part-1.csv", "USER_ID\na\n").put("bucket/changing/part-2.csv", "USER_ID\nb\n")
                .vanish("bucket/changing/part-2.csv");
        assertProblem("s3://bucket/changing/", "The file s3://bucket/changing/part-2.csv of the data source"
                + " s3://bucket/changing/ was deleted while the job read it; create the job again once the folder"
                + " holds its final files.");
    }

    @Test
    void anS3EndpointOutOfReachIsThisServicesFaultNotTheLocations() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        DataSourceReader withoutItsEndpoint = new DataSourceReader(new TestSettings()
                .set("personalize.s3.endpoint", "http://127.0.0.1:" + closed).config());
        try (LogCapture log = LogCapture.of(DataSourceReader.class.getName())) {
            InputProblem problem = assertThrows(InputProblem.class,
                    () -> withoutItsEndpoint.countUserIds("s3://bucket/one.csv", ACCESS, aMinute()));
            assertEquals("The data source s3://bucket/one.csv could not be read: this service's S3 endpoint could not"
                    + " be reached; create the job again later.", problem.getMessage());
            assertTrue(log.lines().stream().anyMatch(line -> line.contains("The S3 endpoint failed a read of")
                    && line.contains("s3://bucket/one.csv")), "the operator hears of it: " + log.lines());
            assertEquals(List.of(), log.errors());
        } finally {
            withoutItsEndpoint.close();
        }
    }

    @Test
    @Timeout(60)
    void anS3ReadTheDeadlineCutsIsTheJobsTimeoutNotTheEndpoints() throws Exception {
        DataSourceReader patient = new DataSourceReader(new TestSettings()
                .set("personalize.worker.read-timeout", "20s")
                .set("personalize.s3.endpoint", server.endpoint()).config());
        server.put("slow/one.csv", "USER_ID\na\n").stall("slow/one.csv", 4_000);
        try (LogCapture log = LogCapture.of(DataSourceReader.class.getName())) {
            InputProblem problem = assertThrows(InputProblem.class,
                    () -> patient.countUserIds("s3://slow/one.csv", ACCESS, JobDeadline.after(Duration.ofSeconds(1))));
            assertEquals("The job did not finish within 1 second (personalize.worker.job-timeout) while reading"
                    + " s3://slow/one.csv; serve the data source faster or split it into several jobs.",
                    problem.getMessage());
            assertEquals(List.of(), log.lines().stream().filter(line -> line.contains("S3 endpoint")).toList(),
                    "the endpoint did nothing wrong");
        } finally {
            patient.close();
        }
    }

    @Test
    void s3WithoutAnEndpointNamesTheSetting() {
        DataSourceReader withoutS3 = new DataSourceReader(TestSettings.defaults());
        InputProblem problem = assertThrows(InputProblem.class,
                () -> withoutS3.countUserIds("s3://bucket/one.csv", ACCESS, aMinute()));
        assertEquals("The data source s3://bucket/one.csv is in S3, and this service reads s3:// locations only"
                + " through an S3-compatible endpoint: set personalize.s3.endpoint (PERSONALIZE_S3_ENDPOINT).",
                problem.getMessage());
        withoutS3.close();
    }

    @Test
    void withAssumeJobRoleS3IsReadUnderTheJobsRole() throws Exception {
        String role = "arn:aws:iam::111122223333:role/deletions-reader";
        try (StsServer sts = new StsServer()) {
            DataSourceReader asTheJob = new DataSourceReader(new TestSettings()
                    .set("personalize.s3.endpoint", server.endpoint())
                    .set("personalize.s3.assume-job-role", true)
                    .set("personalize.sts.endpoint", sts.endpoint())
                    .config());
            try {
                server.put("tenant/users.csv", "USER_ID\na\nb\nc\n").put("tenant/more/part-1.csv", "USER_ID\nd\n");
                SourceAccess access = new SourceAccess(role, "111122223333", "purge/2024 05");
                assertEquals(3, asTheJob.countUserIds("s3://tenant/users.csv", access, aMinute()));
                assertEquals(1, asTheJob.countUserIds("s3://tenant/more/", access, aMinute()));

                Map<String, String> call = sts.calls().get(0);
                assertEquals(role, call.get("RoleArn"));
                assertEquals("111122223333", call.get("ExternalId"));
                assertEquals("data-deletion-job-purge-2024-05", call.get("RoleSessionName"));
                String assumed = StsServer.accessKeyFor(role) + "|" + StsServer.sessionTokenFor(role);
                assertEquals(assumed, server.signer("tenant/users.csv"), "GetObject signed with the role's session");
                assertEquals(assumed, server.signer("tenant/"), "ListObjectsV2 signed with the role's session");
                assertEquals(assumed, server.signer("tenant/more/part-1.csv"));

                String refusedRole = "arn:aws:iam::444455556666:role/not-for-us";
                sts.refuse(refusedRole);
                server.put("tenant/other.csv", "USER_ID\nz\n");
                InputProblem problem = assertThrows(InputProblem.class, () -> asTheJob.countUserIds(
                        "s3://tenant/other.csv", new SourceAccess(refusedRole, "444455556666", "j"), aMinute()));
                assertEquals("The data source s3://tenant/other.csv could not be read: STS refused to let this service"
                        + " assume the job's role; let this service's principal assume " + refusedRole + " with the"
                        + " external id 444455556666, or create the job with a role that allows it.",
                        problem.getMessage());
                assertEquals(0, server.reads("tenant/other.csv"), "nothing is read when the role is refused");

                // A role of another account is never assumed, whether or not its trust policy would let it be.
                String operatorsRole = "arn:aws:iam::999988887777:role/ci-deployer";
                int assumptions = sts.calls().size();
                InputProblem elsewhere = assertThrows(InputProblem.class, () -> asTheJob.countUserIds(
                        "s3://tenant/other.csv", new SourceAccess(operatorsRole, "111122223333", "j"), aMinute()));
                assertEquals("The data source s3://tenant/other.csv could not be read: the job's role " + operatorsRole
                        + " is not a role of the job's account 111122223333, and a job reads only under a role of its"
                        + " own account; create the job with one.", elsewhere.getMessage());
                assertEquals(assumptions, sts.calls().size(), "STS is not asked for another account's role");
                assertEquals(0, server.reads("tenant/other.csv"));
            } finally {
                asTheJob.close();
            }
        }
    }

    @Test
    void withoutAssumeJobRoleS3IsReadWithTheServicesOwnKey() throws Exception {
        server.put("own/users.csv", "USER_ID\na\n");
        assertEquals(1, reader.countUserIds("s3://own/users.csv", ACCESS, aMinute()));
        assertEquals("test-access-key|null", server.signer("own/users.csv"));
    }

    private static JobDeadline aMinute() {
        return JobDeadline.after(Duration.ofMinutes(1));
    }

    private static void assertProblem(String location, String reason) {
        assertProblem(reader, location, reason);
    }

    private static void assertProblem(DataSourceReader reading, String location, String reason) {
        assertEquals(reason, assertThrows(InputProblem.class, () -> reading.countUserIds(location, ACCESS, aMinute()))
                .getMessage(), location);
    }
}
