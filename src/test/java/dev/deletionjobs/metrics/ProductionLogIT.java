package dev.deletionjobs.metrics;

import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.testing.SecondReplica;
import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged application writes to its standard output as it does in a pod: one JSON object per line, and one line
 * per API call whose message and MDC carry the request id, with only the keys docs/observability.md lists. Read from a
 * second replica's output, since the launcher of the application under test gives it a log file of its own.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true)
class ProductionLogIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYS = Set.of("timestamp", "sequence", "loggerName", "level", "message",
            "threadName", "mdc", "hostName");

    @Test
    @Timeout(240)
    void eachCallIsOneJsonLineWithItsRequestId() throws Exception {
        try (SecondReplica replica = SecondReplica.start(StoreForPackagedApp.settings(), Map.of())) {
            String listed = list(replica, "{\"maxResults\": 1}", 200);
            String refused = list(replica, "{\"datasetGroupArn\": \"not-an-arn\"}", 400);

            assertCallLine(lineOf(listed), listed, "success");
            assertCallLine(lineOf(refused), refused, "InvalidInputException");
        }
    }

    private static String list(SecondReplica replica, String body, int status) {
        return awsJson("AmazonPersonalize.ListDataDeletionJobs").baseUri(replica.url()).body(body).post("/").then()
                .statusCode(status).extract().header(RequestIds.HEADER);
    }

    private static void assertCallLine(JsonNode line, String requestId, String outcome) {
        assertEquals(KEYS, names(line), line::toString);
        assertEquals("dev.deletionjobs.metrics.ApiCalls", line.get("loggerName").asText());
        assertEquals("INFO", line.get("level").asText());
        assertEquals(requestId, line.get("mdc").get("requestId").asText());
        String message = line.get("message").asText();
        assertTrue(message.matches("requestId=" + requestId + " interface=awsjson operation=ListDataDeletionJobs"
                + " outcome=" + outcome + " latencyMs=[0-9]+\\.[0-9]{2}"), message);
    }

    /**
     * The one line of the replica's output that holds the request id: polled, since it is written as the call ends,
     * and only whole lines (the last one may be half written).
     */
    private static JsonNode lineOf(String requestId) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            // Decoded leniently: the last character may be half written too.
            String output = new String(Files.readAllBytes(SecondReplica.OUTPUT), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>();
            int end = output.lastIndexOf('\n');
            for (String line : output.substring(0, end + 1).split("\n")) {
                if (line.contains(requestId)) {
                    lines.add(line);
                }
            }
            if (lines.size() > 1) {
                fail("more than one line for " + requestId + ": " + lines);
            }
            if (lines.size() == 1) {
                return JSON.readTree(lines.get(0));
            }
            if (System.nanoTime() > deadline) {
                fail("no line for " + requestId + " in " + SecondReplica.OUTPUT + ":\n" + output);
            }
            Thread.sleep(50);
        }
    }

    private static Set<String> names(JsonNode line) {
        Set<String> names = new TreeSet<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
