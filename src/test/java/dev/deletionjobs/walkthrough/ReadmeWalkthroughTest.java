package dev.deletionjobs.walkthrough;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.AwsJsonCalls;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;

/**
 * README's "Try it", run as its reader runs it: the commands and bodies are read out of README.md itself, the CSV
 * is the file it uploads, and only the embedded S3 endpoint's port differs (any free one here, instead of 8090).
 */
@QuarkusTest
@TestProfile(WalkthroughTestProfile.class)
class ReadmeWalkthroughTest {

    private static final Pattern UPLOAD = Pattern.compile("curl [^\\n]*-T (\\S+) http://localhost:(\\d+)/(\\S+)");
    private static final Pattern NUM_DELETED = Pattern.compile("\"numDeleted\":\\s*(\\d+)");

    @Test
    void uploadCreateAndDescribeUntilCompleted() throws Exception {
        String walkthrough = tryItSection();
        Matcher upload = UPLOAD.matcher(walkthrough);
        assertTrue(upload.find(), "README's Try it uploads a file with curl -T");
        Path csv = Path.of(upload.group(1));
        assertEquals("8090", upload.group(2), "README names the embedded S3 endpoint's default port");
        String objectPath = upload.group(3);

        String endpoint = ConfigProvider.getConfig().getValue("personalize.s3.endpoint", String.class);
        assertTrue(endpoint.startsWith("http://127.0.0.1:"), "the embedded endpoint listens on loopback only");
        HttpResponse<String> put = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoint + "/" + objectPath))
                        .PUT(HttpRequest.BodyPublishers.ofFile(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());

        String create = requestBody(walkthrough, "CreateDataDeletionJob");
        assertTrue(create.contains("\"s3://" + objectPath + "\""), "README's job reads the object it uploaded");
        JsonPath created = AwsJsonCalls.awsJson("AmazonPersonalize.CreateDataDeletionJob").body(create).post("/")
                .then().statusCode(200).extract().jsonPath();
        String describe = requestBody(walkthrough, "DescribeDataDeletionJob");
        assertTrue(describe.contains(created.getString("dataDeletionJobArn")), "README describes the job it created");

        JsonPath job = describeUntilDone(describe);
        assertEquals("COMPLETED", job.getString("dataDeletionJob.status"), job.prettify());
        assertEquals(distinctUserIds(csv), job.getInt("dataDeletionJob.numDeleted"));
        Matcher shown = NUM_DELETED.matcher(walkthrough);
        assertTrue(shown.find(), "README shows the finished job");
        assertEquals(Integer.parseInt(shown.group(1)), job.getInt("dataDeletionJob.numDeleted"));
    }

    private static JsonPath describeUntilDone(String describe) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            JsonPath job = AwsJsonCalls.awsJson("AmazonPersonalize.DescribeDataDeletionJob").body(describe).post("/")
                    .then().statusCode(200).extract().jsonPath();
            String status = job.getString("dataDeletionJob.status");
            if (status.equals("COMPLETED") || status.equals("FAILED") || Instant.now().isAfter(deadline)) {
                return job;
            }
            Thread.sleep(250);
        }
    }

    /** The section between "## Try it" and the next heading of its level. */
    private static String tryItSection() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Try it");
        assertTrue(start >= 0, "README has a Try it section");
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    /** The {@code -d '...'} body of README's curl call with {@code X-Amz-Target: AmazonPersonalize.<operation>}. */
    private static String requestBody(String walkthrough, String operation) {
        Matcher call = Pattern.compile("X-Amz-Target: AmazonPersonalize\\." + operation + "'[^']*-d '([^']*)'")
                .matcher(walkthrough);
        assertTrue(call.find(), "README calls " + operation);
        return call.group(1);
    }

    /** What the job should count, worked out from the file itself: its rows after the header, without repeats. */
    private static int distinctUserIds(Path csv) throws IOException {
        return (int) Files.readAllLines(csv).stream().skip(1).map(String::trim).filter(line -> !line.isEmpty())
                .distinct().count();
    }
}
