package dev.deletionjobs.store.embedded;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The embedded S3 endpoint as its two clients use it: curl's plain PUT and GET, and the AWS SDK's S3 client, built
 * as the worker builds it (path-style, static keys the endpoint ignores), which uploads aws-chunked bodies.
 */
class EmbeddedS3EndpointTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path root;
    private EmbeddedS3Endpoint endpoint;
    private S3Client s3;

    @BeforeEach
    void start() {
        endpoint = new EmbeddedS3Endpoint(0, new ObjectFolder(root), false);
        s3 = S3Client.builder().endpointOverride(URI.create(endpoint.url())).region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        s3.close();
        endpoint.close();
    }

    @Test
    void aPlainUploadIsReadBackByTheSdkAndKeptAsAFile() throws Exception {
        String csv = "USER_ID\nuser-1\nuser-2\n";
        assertEquals(200, put("/deletions/in/users.csv", csv).statusCode());
        assertEquals(csv, s3.getObjectAsBytes(request -> request.bucket("deletions").key("in/users.csv"))
                .asUtf8String());
        assertEquals(csv.length(), s3.headObject(request -> request.bucket("deletions").key("in/users.csv"))
                .contentLength());
        assertEquals(csv, Files.readString(root.resolve("deletions/in/users.csv")));
    }

    @Test
    void theSdksAwsChunkedUploadStoresExactlyThePayload() throws Exception {
        byte[] payload = new byte[200_000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31 + 7);
        }
        s3.putObject(request -> request.bucket("deletions").key("big.bin"), RequestBody.fromBytes(payload));
        HttpResponse<byte[]> read = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/deletions/big.bin"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, read.statusCode());
        assertArrayEquals(payload, read.body());
    }

    @Test
    void listingsPageInKeyOrderAndFoldByDelimiter() throws Exception {
        for (String key : List.of("d/3.csv", "d/1.csv", "d/sub/x.csv", "d/2.csv", "other.csv")) {
            put("/deletions/" + key, "USER_ID\n" + key + "\n");
        }
        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String continuation = token;
            ListObjectsV2Response page = s3.listObjectsV2(request -> request.bucket("deletions").prefix("d/")
                    .maxKeys(2).continuationToken(continuation));
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = page.isTruncated() ? page.nextContinuationToken() : null;
            pages++;
        } while (token != null);
        assertEquals(List.of("d/1.csv", "d/2.csv", "d/3.csv", "d/sub/x.csv"), keys);
        assertEquals(2, pages);

        ListObjectsV2Response folded = s3.listObjectsV2(request -> request.bucket("deletions").delimiter("/"));
        assertEquals(List.of("other.csv"), folded.contents().stream().map(S3Object::key).toList());
        assertEquals(List.of("d/"), folded.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
    }

    @Test
    void missingObjectsAndBucketsAnswerAsS3Does() throws Exception {
        put("/deletions/users.csv", "USER_ID\n");
        assertThrows(NoSuchKeyException.class,
                () -> s3.getObject(request -> request.bucket("deletions").key("none.csv")));
        assertThrows(NoSuchBucketException.class,
                () -> s3.getObject(request -> request.bucket("nothing-here").key("users.csv")));
        assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/deletions/none.csv"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void keysNeverReachOutsideTheirBucket() throws Exception {
        for (String path : List.of("/deletions/a/%2E%2E/%2E%2E/escape.csv", "/deletions/a//b.csv",
                "/deletions/folder/", "/../escape.csv", "/UPPER/users.csv")) {
            HttpResponse<String> refused = put(path, "USER_ID\nx\n");
            assertEquals(400, refused.statusCode(), path);
            assertTrue(refused.body().contains("<Code>Invalid"), refused.body());
        }
        try (var files = Files.walk(root.getParent())) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().equals("escape.csv")));
        }
    }

    @Test
    void aTemporaryEndpointTakesItsObjectsWithIt() throws Exception {
        Path folder = Files.createTempDirectory("embedded-s3-test-");
        EmbeddedS3Endpoint temporary = new EmbeddedS3Endpoint(0, new ObjectFolder(folder), true);
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(temporary.url() + "/b-1/k.csv"))
                .PUT(HttpRequest.BodyPublishers.ofString("USER_ID\n")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode());
        temporary.close();
        assertFalse(Files.exists(folder));
    }

    @Test
    void aTakenPortIsRefusedNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new EmbeddedS3Endpoint(taken.getLocalPort(), new ObjectFolder(root), false));
            assertTrue(refused.getMessage().contains("set personalize.s3.embedded-port to a free port"),
                    refused.getMessage());
        }
    }

    private HttpResponse<String> put(String path, String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
