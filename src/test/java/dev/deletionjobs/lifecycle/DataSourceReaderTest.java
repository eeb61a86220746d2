package dev.deletionjobs.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.ObjectServer;
import dev.deletionjobs.testing.TestSettings;

/** Reading data sources over HTTP and S3 against a local server, without the rest of the service. */
class DataSourceReaderTest {

    private static ObjectServer server;
    private static DataSourceReader reader;

    @BeforeAll
    static void start() throws Exception {
        server = new ObjectServer()
                .put("files/good.csv", "USER_ID\nu1\nu2\nu1\n")
                .put("files/slow.csv", "USER_ID\nu1\n").stall("files/slow.csv", 3_000)
                .put("files/big.csv", "USER_ID\n" + "u\n".repeat(600))
                .put("bucket/one.csv", "USER_ID\na\nb\n")
                .put("bucket/folder/part-1.csv", "USER_ID\na\nb\nc\n")
                .put("bucket/folder/part-2.csv", "USER_ID\nc\nd\n")
                .put("bucket/folder/", "")
                .put("bucket/bad/part-1.csv", "USER_ID\na\n")
                .put("bucket/bad/part-2.csv", "ITEM_ID\nb\n");
        TestSettings settings = new TestSettings();
        settings.readTimeout = Duration.ofSeconds(1);
        settings.maxInputSize = 1_000;
        settings.s3Endpoint = URI.create(server.endpoint());
        reader = new DataSourceReader(settings);
    }

    @AfterAll
    static void stop() {
        reader.close();
        server.close();
    }

    @Test
    void httpFilesAreCountedByDistinctIds() throws Exception {
        assertEquals(2, reader.countUserIds(server.url("files/good.csv")));
    }

    @Test
    void httpFailuresNameTheLocation() {
        String missing = server.url("files/missing.csv");
        assertProblem(missing, "The data source " + missing + " does not exist (HTTP 404).");
        String slow = server.url("files/slow.csv");
        assertProblem(slow, "Reading the data source " + slow + " timed out: no data arrived for 1 seconds"
                + " (personalize.worker.read-timeout).");
        String big = server.url("files/big.csv");
        assertProblem(big, "The data source " + big + " is larger than 1000 bytes, the most a job reads"
                + " (personalize.worker.max-input-size).");
        assertProblem("http://127.0.0.1:1/nothing-listens.csv",
                "The data source http://127.0.0.1:1/nothing-listens.csv could not be read: Connection refused");
    }

    @Test
    void s3ObjectsAndPrefixesAreRead() throws Exception {
        assertEquals(2, reader.countUserIds("s3://bucket/one.csv"));
        // Every file under the prefix, each with its header; ids are distinct across files.
        assertEquals(4, reader.countUserIds("s3://bucket/folder/"));
    }

    @Test
    void s3FailuresNameTheObject() {
        assertProblem("s3://bucket/none.csv", "The data source s3://bucket/none.csv does not exist.");
        assertProblem("s3://bucket/empty-prefix/", "The data source s3://bucket/empty-prefix/ holds no files.");
        assertProblem("s3://bucket/bad/", "The first row of s3://bucket/bad/part-2.csv must be the header USER_ID,"
                + " not 'ITEM_ID'.");
    }

    @Test
    void s3WithoutAnEndpointNamesTheSetting() {
        DataSourceReader withoutS3 = new DataSourceReader(new TestSettings());
        InputProblem problem = assertThrows(InputProblem.class, () -> withoutS3.countUserIds("s3://bucket/one.csv"));
        assertEquals("The data source s3://bucket/one.csv is in S3, and this service reads s3:// locations only"
                + " through an S3-compatible endpoint: set personalize.s3.endpoint (PERSONALIZE_S3_ENDPOINT).",
                problem.getMessage());
    }

    private static void assertProblem(String location, String reason) {
        assertEquals(reason, assertThrows(InputProblem.class, () -> reader.countUserIds(location)).getMessage());
    }
}
