package dev.deletionjobs.security;

import static dev.deletionjobs.security.SigV4TestProfile.ALICE_ACCOUNT;
import static dev.deletionjobs.security.SigV4TestProfile.ALICE_API_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.ALICE_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.ALICE_SECRET;
import static dev.deletionjobs.security.SigV4TestProfile.BOB_ACCOUNT;
import static dev.deletionjobs.security.SigV4TestProfile.BOB_API_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.BOB_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.BOB_SECRET;
import static dev.deletionjobs.security.SigV4TestProfile.CAROL_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.CAROL_SECRET;
import static dev.deletionjobs.testing.AwsJsonCalls.awsJson;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.PersonalizeClients;
import dev.deletionjobs.testing.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkGlobalTime;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidNextTokenException;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;

/** With SigV4 on, only correctly signed requests from configured keys get in, each into its own account only. */
@QuarkusTest
@TestProfile(SigV4TestProfile.class)
class SigV4Test {

    private static final String GROUP = "arn:aws:personalize:us-east-1:111111111111:dataset-group/g";

    @TestHTTPResource("/")
    URI endpoint;

    @Test
    void theSdkWithAConfiguredKeyWorksInItsAccount() {
        try (PersonalizeClient alice = client(ALICE_KEY, ALICE_SECRET, Region.US_EAST_1)) {
            String name = "signed-" + UUID.randomUUID();
            String arn = create(alice, name);
            assertEquals("arn:aws:personalize:us-east-1:" + ALICE_ACCOUNT + ":data-deletion-job/" + name, arn);
            assertEquals(name, alice.describeDataDeletionJob(r -> r.dataDeletionJobArn(arn)).dataDeletionJob()
                    .jobName());
            assertTrue(alice.listDataDeletionJobs(r -> r.maxResults(100)).dataDeletionJobs().stream()
                    .anyMatch(job -> job.dataDeletionJobArn().equals(arn)));
        }
        // The region comes from the credential scope.
        try (PersonalizeClient alice = client(ALICE_KEY, ALICE_SECRET, Region.EU_WEST_1)) {
            assertTrue(create(alice, "eu-" + UUID.randomUUID()).startsWith("arn:aws:personalize:eu-west-1:"
                    + ALICE_ACCOUNT + ":"));
        }
    }

    @Test
    void wrongCredentialsAreRefusedWithAwsErrorNames() {
        assertSdkError(client(ALICE_KEY, "not-alices-secret", Region.US_EAST_1), 403, "InvalidSignatureException");
        assertSdkError(client("AKIDNOBODY0000000000", ALICE_SECRET, Region.US_EAST_1), 403,
                "UnrecognizedClientException");
        assertSdkError(client(CAROL_KEY, CAROL_SECRET, Region.US_EAST_1), 403, "AccessDeniedException");
        try (PersonalizeClient carol = client(CAROL_KEY, CAROL_SECRET, Region.EU_WEST_1)) {
            carol.listDataDeletionJobs(r -> r.maxResults(1));
        }
    }

    @Test
    void anUnsignedRequestIsMissingItsToken() {
        assertAwsError(awsJson("AmazonPersonalize.ListDataDeletionJobs").body("{}").post("/").then(), 403,
                "MissingAuthenticationTokenException", "Missing Authentication Token");
        // Not even an unknown target is revealed to an unauthenticated caller.
        assertAwsError(awsJson("AmazonPersonalize.Nothing").body("{}").post("/").then(), 403,
                "MissingAuthenticationTokenException", "Missing Authentication Token");
    }

    @Test
    void aCallerWithoutAKeyIsRefusedOnItsHeadItsBodyUnread() throws Exception {
        // The head promises a megabyte that never comes: refused at once, not at the body's deadline (408).
        String head = "Host: localhost\r\nContent-Length: 1000000\r\nConnection: close\r\n";
        String unsigned = RawHttp.exchange("POST / HTTP/1.1\r\n" + head + "Content-Type: application/x-amz-json-1.1"
                + "\r\nX-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\n\r\n");
        assertTrue(unsigned.startsWith("HTTP/1.1 403 ") && unsigned.contains("MissingAuthenticationTokenException"),
                unsigned);
        String unknownKey = RawHttp.exchange("POST / HTTP/1.1\r\n" + head + "Content-Type: application/x-amz-json-1.1"
                + "\r\nX-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\nX-Amz-Date: 20261201T000000Z\r\n"
                + "Authorization: AWS4-HMAC-SHA256 Credential=AKIDUNKNOWN/20261201/us-east-1/personalize/aws4_request,"
                + " SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64) + "\r\n\r\n");
        assertTrue(unknownKey.startsWith("HTTP/1.1 403 ") && unknownKey.contains("UnrecognizedClientException"),
                unknownKey);
        String wrongApiKey = RawHttp.exchange("POST /graphql HTTP/1.1\r\n" + head
                + "Content-Type: application/json\r\nx-api-key: da2-wrong-key\r\n\r\n");
        assertTrue(wrongApiKey.startsWith("HTTP/1.1 401 ") && wrongApiKey.contains("UnauthorizedException"),
                wrongApiKey);
        // A body that does come is read and dropped before the connection closes: a client still sending it once
        // the answer is out can finish, where a close with bytes unread would reset the connection under it.
        try (Socket socket = new Socket("localhost", endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000000\r\n"
                    + "Content-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonPersonalize."
                    + "CreateDataDeletionJob\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = RawHttp.readHead(in);
            assertTrue(answer.startsWith("HTTP/1.1 403 "), answer);
            byte[] chunk = new byte[100_000];
            Arrays.fill(chunk, (byte) 'a');
            for (int i = 0; i < 10; i++) {
                out.write(chunk);
                out.flush();
                Thread.sleep(20);
            }
            in.readNBytes(Integer.parseInt(answer.replaceAll("(?is).*content-length: *(\\d+).*", "$1")));
            assertEquals(-1, in.read(), "closed once the body is in");
        }
    }

    @Test
    void aSecondAuthorizationHeaderOrApiKeyIsRefused() {
        Map<String, String> headers = sign("ListDataDeletionJobs", "{}", ALICE_KEY, ALICE_SECRET, Instant.now());
        String authorization = headers.remove("Authorization");
        assertAwsError(awsJson("AmazonPersonalize.ListDataDeletionJobs").headers(headers)
                .header("Authorization", authorization).header("Authorization", authorization)
                .body("{}").post("/").then(), 400, "IncompleteSignatureException",
                "The request carries more than one Authorization header: send one.");
        given().contentType(ContentType.JSON).body(Map.of("query", "{ dataDeletionJobs(first: 1) { totalCount } }"))
                .header("x-api-key", ALICE_API_KEY).header("x-api-key", ALICE_API_KEY)
                .post("/graphql").then().statusCode(401).body("errors[0].extensions.code", equalTo("UnauthorizedException"));
        // One of each passes.
        send("ListDataDeletionJobs", "{}", sign("ListDataDeletionJobs", "{}", ALICE_KEY, ALICE_SECRET, Instant.now()))
                .statusCode(200);
        graphql(ALICE_API_KEY, "{ dataDeletionJobs(first: 1) { totalCount } }").statusCode(200)
                .body("errors", equalTo(null));
    }

    @Test
    void anExpiredSignatureIsRefused() {
        Map<String, String> headers = sign("ListDataDeletionJobs", "{}", ALICE_KEY, ALICE_SECRET,
                Instant.now().minusSeconds(16 * 60));
        ValidatableResponse response = send("ListDataDeletionJobs", "{}", headers);
        response.statusCode(403).header("x-amzn-ErrorType", "InvalidSignatureException");
        assertTrue(response.extract().<String> path("message").startsWith("Signature expired: "));
        // A clock ahead is told so, in AWS's words.
        ValidatableResponse early = send("ListDataDeletionJobs", "{}", sign("ListDataDeletionJobs", "{}", ALICE_KEY,
                ALICE_SECRET, Instant.now().plusSeconds(16 * 60)));
        early.statusCode(403).header("x-amzn-ErrorType", "InvalidSignatureException");
        assertTrue(early.extract().<String> path("message").startsWith("Signature not yet current: "));
        // Within the 15 minutes, the same kind of request passes.
        send("ListDataDeletionJobs", "{}", sign("ListDataDeletionJobs", "{}", ALICE_KEY, ALICE_SECRET,
                Instant.now().minusSeconds(10 * 60))).statusCode(200);
    }

    @Test
    void aClientWhoseClockIsOffIsToldTheTimeSoTheSdkCorrectsItself() {
        // The SDK takes a "Signature expired" for clock skew only against the Date of the answer, and signs again
        // with the difference. Without a Date, a client 20 minutes off failed every call for good.
        int offset = SdkGlobalTime.getGlobalTimeOffset();
        SdkGlobalTime.setGlobalTimeOffset(20 * 60);
        try (PersonalizeClient alice = PersonalizeClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ALICE_KEY,
                        ALICE_SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            alice.listDataDeletionJobs(r -> r.maxResults(1));
        } finally {
            SdkGlobalTime.setGlobalTimeOffset(offset);
        }
        // Refusals too: the unsigned request is told the time as well.
        awsJson("AmazonPersonalize.ListDataDeletionJobs").body("{}").post("/").then().statusCode(403)
                .header("Date", notNullValue());
    }

    @Test
    void aTamperedBodyOrAReplayUnderAnotherTargetIsRefused() {
        String body = "{\"maxResults\":1}";
        Map<String, String> headers = sign("ListDataDeletionJobs", body, ALICE_KEY, ALICE_SECRET, Instant.now());
        send("ListDataDeletionJobs", body, headers).statusCode(200);
        // The SDK's signer sends the body's hash, so a changed body is caught by it.
        assertTrue(headers.containsKey("x-amz-content-sha256"));
        assertAwsError(send("ListDataDeletionJobs", "{\"maxResults\":2}", headers), 403, "InvalidSignatureException",
                "The provided 'x-amz-content-sha256' header does not match what was computed.");
        assertAwsError(send("DescribeDataDeletionJob", body, headers), 403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.");

        // A body and hash changed together still break the signature, which covers the hash.
        String other = "{\"maxResults\":2}";
        Map<String, String> rehashed = new HashMap<>(headers);
        rehashed.put("x-amz-content-sha256", SigV4Verifier.sha256(other.getBytes(StandardCharsets.UTF_8)));
        assertAwsError(send("ListDataDeletionJobs", other, rehashed), 403, "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret"
                        + " Access Key and signing method. Consult the service documentation for details.");
    }

    @Test
    void twoAccountsNeverSeeEachOthersJobs() {
        try (PersonalizeClient alice = client(ALICE_KEY, ALICE_SECRET, Region.US_EAST_1);
                PersonalizeClient bob = client(BOB_KEY, BOB_SECRET, Region.US_EAST_1)) {
            String name = "shared-name-" + UUID.randomUUID();
            String alicesArn = create(alice, name);
            // The same name is free in another account; the ARNs differ by account.
            String bobsArn = create(bob, name);
            assertTrue(bobsArn.contains(":" + BOB_ACCOUNT + ":"));

            assertThrows(ResourceNotFoundException.class,
                    () -> bob.describeDataDeletionJob(r -> r.dataDeletionJobArn(alicesArn)));
            assertFalse(bob.listDataDeletionJobs(r -> r.maxResults(100)).dataDeletionJobs().stream()
                    .anyMatch(job -> job.dataDeletionJobArn().contains(ALICE_ACCOUNT)));

            create(alice, "second-" + UUID.randomUUID());
            String token = alice.listDataDeletionJobs(r -> r.maxResults(1)).nextToken();
            assertThrows(InvalidNextTokenException.class,
                    () -> bob.listDataDeletionJobs(r -> r.maxResults(1).nextToken(token)));

            List<String> bobsGraphQL = graphql(BOB_API_KEY, "{ dataDeletionJobs(first: 100) { nodes { arn } } }")
                    .statusCode(200).extract().path("data.dataDeletionJobs.nodes.arn");
            assertTrue(bobsGraphQL.contains(bobsArn));
            assertFalse(bobsGraphQL.stream().anyMatch(arn -> arn.contains(ALICE_ACCOUNT)));
            graphql(BOB_API_KEY, "{ dataDeletionJob(arn: \"" + alicesArn + "\") { arn } }")
                    .statusCode(200).body("data.dataDeletionJob", equalTo(null));
            graphql(ALICE_API_KEY, "{ dataDeletionJob(arn: \"" + alicesArn + "\") { arn } }")
                    .statusCode(200).body("data.dataDeletionJob.arn", equalTo(alicesArn));
        }
    }

    @Test
    void graphQLNeedsAnApiKeyOrASignature() {
        graphql(ALICE_API_KEY, "{ dataDeletionJobs(first: 1) { totalCount } }").statusCode(200)
                .body("errors", equalTo(null));
        for (String key : new String[] { "da2-wrong-key", null }) {
            graphql(key, "{ dataDeletionJobs(first: 1) { totalCount } }").statusCode(401)
                    .body("errors", hasSize(1))
                    .body("errors[0].extensions.code", equalTo("UnauthorizedException"));
        }
        given().header("x-api-key", "da2-wrong-key").queryParam("query", "{ dataDeletionJobs { totalCount } }")
                .get("/graphql").then().statusCode(401).body("errors[0].extensions.code", equalTo("UnauthorizedException"));
        // The UI itself stays reachable; its requests carry the key set in its headers editor.
        given().get("/q/graphql-ui/").then().statusCode(200);
    }

    @Test
    void noSecretReachesTheLog() {
        List<String> lines;
        try (LogCapture log = LogCapture.of("")) {
            lines = log.lines();
            assertSdkError(client(ALICE_KEY, "not-alices-secret", Region.US_EAST_1), 403, "InvalidSignatureException");
            try (PersonalizeClient alice = client(ALICE_KEY, ALICE_SECRET, Region.US_EAST_1)) {
                create(alice, "logged-" + UUID.randomUUID());
            }
            graphql(ALICE_API_KEY, "{ dataDeletionJobs(first: 1) { totalCount } }").statusCode(200);
            graphql("da2-wrong-key", "{ dataDeletionJobs(first: 1) { totalCount } }").statusCode(401);
        }
        assertFalse(lines.isEmpty());
        for (String secret : List.of(ALICE_SECRET, BOB_SECRET, CAROL_SECRET, ALICE_API_KEY, BOB_API_KEY,
                "not-alices-secret", "da2-wrong-key")) {
            assertFalse(lines.stream().anyMatch(line -> line.contains(secret)), "a secret in the log");
        }
    }

    private PersonalizeClient client(String key, String secret, Region region) {
        return PersonalizeClients.of(endpoint, key, secret, region);
    }

    private static String create(PersonalizeClient client, String name) {
        return client.createDataDeletionJob(r -> r.jobName(name).datasetGroupArn(GROUP)
                .dataSource(source -> source.dataLocation("s3://bucket/users.csv"))
                .roleArn("arn:aws:iam::111111111111:role/R")).dataDeletionJobArn();
    }

    private static void assertSdkError(PersonalizeClient client, int status, String code) {
        try (client) {
            PersonalizeException e = assertThrows(PersonalizeException.class,
                    () -> client.listDataDeletionJobs(r -> r.maxResults(1)));
            assertEquals(status, e.statusCode());
            assertEquals(code, e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void graphQLAcceptsASigV4SignatureInThePersonalizeScope() {
        String body = "{\"query\":\"{ dataDeletionJobs(first: 1) { totalCount } }\"}";
        Map<String, String> headers = sign(endpoint.resolve("/graphql"), "application/json", null, body, ALICE_KEY,
                ALICE_SECRET, Instant.now());
        given().headers(headers).body(body.getBytes(StandardCharsets.UTF_8)).post("/graphql").then()
                .statusCode(200).body("errors", equalTo(null));
        Map<String, String> wrong = sign(endpoint.resolve("/graphql"), "application/json", null, body, ALICE_KEY,
                "not-alices-secret", Instant.now());
        given().headers(wrong).body(body.getBytes(StandardCharsets.UTF_8)).post("/graphql").then()
                .statusCode(401).body("errors[0].extensions.code", equalTo("UnauthorizedException"));
    }

    @Test
    void aRegionThatIsNoRegionIsRefusedUnlessTheKeyListsIt() {
        for (String region : List.of("r".repeat(4096), "US-EAST-1", "useast1", "us-east-123",
                "us--east-1", "-us-east-1")) {
            Map<String, String> headers = sign(endpoint, "application/x-amz-json-1.1",
                    "AmazonPersonalize.ListDataDeletionJobs", "{}", ALICE_KEY, ALICE_SECRET, Instant.now(), region);
            assertAwsError(send("ListDataDeletionJobs", "{}", headers), 403, "InvalidSignatureException",
                    "Credential should be scoped to a valid region.");
        }
        for (String region : List.of("ap-southeast-5", "us-gov-west-1", "eu-central-2")) {
            send("ListDataDeletionJobs", "{}", sign(endpoint, "application/x-amz-json-1.1",
                    "AmazonPersonalize.ListDataDeletionJobs", "{}", ALICE_KEY, ALICE_SECRET, Instant.now(), region))
                    .statusCode(200);
        }
    }

    @Test
    void aHostThatIsNoHostNameIsAClientErrorInTheAwsShape() throws IOException {
        String date = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        // Vert.x lets this Host through; java.net.URI finds no host name in it: malformed, not a wrong signature.
        String request = "POST / HTTP/1.1\r\nHost: my_host:80\r\nX-Amz-Date: " + date
                + "\r\nX-Amz-Target: AmazonPersonalize.ListDataDeletionJobs\r\nAuthorization: AWS4-HMAC-SHA256"
                + " Credential=" + ALICE_KEY + "/" + date.substring(0, 8) + "/us-east-1/personalize/aws4_request,"
                + " SignedHeaders=host;x-amz-date;x-amz-target, Signature=" + "0".repeat(64)
                + "\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.contains("x-amzn-ErrorType: IncompleteSignatureException"), answer);
            assertTrue(answer.endsWith("{\"__type\":\"IncompleteSignatureException\",\"message\":\"The Host header,"
                    + " path or query is not a valid URI: a signed request needs a host name (with an optional port)"
                    + " and an escaped path and query.\"}"), answer);
        }
    }

    /** Headers of an AWS request signed with the AWS SDK's own signer, as of {@code at}. */
    private Map<String, String> sign(String operation, String body, String key, String secret, Instant at) {
        return sign(endpoint, "application/x-amz-json-1.1", "AmazonPersonalize." + operation, body, key, secret, at);
    }

    private static Map<String, String> sign(URI uri, String contentType, String target, String body, String key,
            String secret, Instant at) {
        return sign(uri, contentType, target, body, key, secret, at, "us-east-1");
    }

    private static Map<String, String> sign(URI uri, String contentType, String target, String body, String key,
            String secret, Instant at, String region) {
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .putHeader("Content-Type", contentType);
        if (target != null) {
            builder.putHeader("X-Amz-Target", target);
        }
        SdkHttpRequest request = builder.build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .request(request)
                .payload(ContentStreamProvider.fromString(body, StandardCharsets.UTF_8))
                .identity(AwsCredentialsIdentity.create(key, secret))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "personalize")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, String> headers = new HashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name, values.get(0)));
        return headers;
    }

    private static ValidatableResponse send(String operation, String body, Map<String, String> headers) {
        Map<String, String> sent = new HashMap<>(headers);
        sent.put("X-Amz-Target", "AmazonPersonalize." + operation);
        return awsJson(null).headers(sent).body(body.getBytes(StandardCharsets.UTF_8)).post("/").then();
    }

    private static void assertAwsError(ValidatableResponse response, int status, String type, String message) {
        response.statusCode(status).header("x-amzn-ErrorType", type).body("__type", equalTo(type))
                .body("message", equalTo(message));
    }

    private static ValidatableResponse graphql(String apiKey, String query) {
        var request = given().contentType(ContentType.JSON).body(Map.of("query", query));
        if (apiKey != null) {
            request.header("x-api-key", apiKey);
        }
        return request.post("/graphql").then();
    }
}
