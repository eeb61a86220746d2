package dev.deletionjobs.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Another replica of the packaged application, on the store of the one under test: a process of its own, with its
 * own ports and worker, as a second pod would be. Its output goes to {@code target/second-replica.log}.
 */
public final class SecondReplica implements AutoCloseable {

    /** Where the replica's standard output and error go. */
    public static final Path OUTPUT = Path.of("target/second-replica.log");

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START_PATIENCE = Duration.ofSeconds(90);

    private final Process process;
    private final int port;
    private final int managementPort;

    private SecondReplica(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    /** Starts the replica with {@code settings} over {@code base}, and waits until it is ready. */
    public static SecondReplica start(Map<String, String> base, Map<String, String> settings) throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the integration tests run after the package phase");
        }
        int port = FreePorts.next();
        int managementPort = FreePorts.next();
        Map<String, String> all = new HashMap<>(base);
        all.putAll(settings);
        all.put("quarkus.http.port", String.valueOf(port));
        all.put("quarkus.management.port", String.valueOf(managementPort));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        all.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(OUTPUT.toFile()).start();
        SecondReplica replica = new SecondReplica(process, port, managementPort);
        try {
            replica.awaitReady();
        } catch (Exception | Error e) {
            // Not ready in time, or interrupted by a test's timeout: not left running on the store and writing into the
            // next one's log.
            process.destroyForcibly();
            throw e;
        }
        return replica;
    }

    /** The replica's HTTP base URL. */
    public String url() {
        return "http://localhost:" + port;
    }

    private void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The second replica exited with " + process.exitValue()
                        + "; see " + OUTPUT);
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The second replica was not ready within " + START_PATIENCE);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
