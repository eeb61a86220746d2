package dev.deletionjobs.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Requests signed by botocore 1.43.11 (the AWS CLI's and boto3's signer: {@code botocore.auth.SigV4Auth} over a
 * {@code botocore.awsrequest.AWSRequest}, service {@code personalize}, region {@code us-east-1}, the clock fixed at
 * {@link #SIGNED_AT}), as they arrive: botocore sends no {@code x-amz-content-sha256}, so the verifier must hash the
 * body itself and sign exactly the headers botocore lists. The headers and signatures below are what botocore produced
 * on the development machine; CI has no botocore, so they are kept here as constants.
 */
class SigV4BotocoreVectorsTest {

    private static final String SECRET = "botocore/Secret+Key0123456789abcdefEXAMPLE";
    private static final Instant SIGNED_AT = Instant.parse("2024-05-15T12:00:00Z");
    private static final String CREDENTIAL = "Credential=AKIDBOTOCORE00000001/20240515/us-east-1/personalize/aws4_request";
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for"
            + " details.";
    private static final String CREATE_BODY = "{\"jobName\":\"purge-2024-05\",\"datasetGroupArn\":"
            + "\"arn:aws:personalize:us-east-1:000000000000:dataset-group/shop\",\"dataSource\":{\"dataLocation\":"
            + "\"s3://deletions/users.csv\"},\"roleArn\":\"arn:aws:iam::000000000000:role/PersonalizeDeletion\"}";

    /** POST / as the CLI's create-data-deletion-job sends it. */
    private static final Vector CREATE = new Vector("POST", "/", null, Map.of(
            "host", List.of("localhost:18280"),
            "x-amz-target", List.of("AmazonPersonalize.CreateDataDeletionJob"),
            "content-type", List.of("application/x-amz-json-1.1"),
            "x-amz-date", List.of("20240515T120000Z"),
            "content-length", List.of("229"),
            "authorization", List.of("AWS4-HMAC-SHA256 " + CREDENTIAL
                    + ", SignedHeaders=content-type;host;x-amz-date;x-amz-target,"
                    + " Signature=f814e4d420c49b61a2329da21e57dd1efc5589b5240db2180cbd0da402a1beaa")),
            CREATE_BODY, Set.of("x-amz-target"));

    /** The same with temporary credentials: the session token is signed too. */
    private static final Vector WITH_SESSION_TOKEN = new Vector("POST", "/", null, Map.of(
            "host", List.of("localhost:18280"),
            "x-amz-target", List.of("AmazonPersonalize.CreateDataDeletionJob"),
            "content-type", List.of("application/x-amz-json-1.1"),
            "x-amz-date", List.of("20240515T120000Z"),
            "x-amz-security-token", List.of("FwoGZXIvYXdzEXAMPLE//session+token=="),
            "content-length", List.of("229"),
            "authorization", List.of("AWS4-HMAC-SHA256 " + CREDENTIAL
                    + ", SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,"
                    + " Signature=cbd8d0460b3eb410a55f63ccecbf8f815aaa2e644e9539d0d3b3bd71ebfc0e88")),
            CREATE_BODY, Set.of());

    /**
     * GET /graphql with a query percent-encoded as botocore's serializers encode one (space %20, '+' %2B), carrying
     * spaces, '+', non-ASCII, reserved characters, a repeated name and an empty value, in no sorted order.
     */
    private static final Vector GRAPHQL_GET = new Vector("GET", "/graphql",
            "query=%7B%20dataDeletionJobs%28first%3A%201%29%20%7B%20nodes%20%7B%20jobName%20%7D%20%7D%20%7D"
                    + "&note=a%2Bb%20c%2F%C3%BC%E2%82%AC%20%3F%26%3D%23%3B%2C%3A%40%21%2A%27%28%29%5B%5D%24%25"
                    + "&a=x%20y&a=x%2By&empty=",
            Map.of(
                    "host", List.of("localhost:18280"),
                    "x-amz-date", List.of("20240515T120000Z"),
                    "authorization", List.of("AWS4-HMAC-SHA256 " + CREDENTIAL + ", SignedHeaders=host;x-amz-date,"
                            + " Signature=71b1af98ec63b845475e48985dd738ca011643dc97185fd4f38a5aea99f38841")),
            "", Set.of());

    /** Inner runs of whitespace (two spaces, a tab) in a signed header, and one header sent twice. */
    private static final Vector SPACED_HEADERS = new Vector("POST", "/", null, Map.of(
            "host", List.of("localhost:18280"),
            "x-amz-target", List.of("AmazonPersonalize.ListDataDeletionJobs"),
            "content-type", List.of("application/x-amz-json-1.1"),
            "x-caller-note", List.of("two  spaces\tand   a tab"),
            "x-repeated", List.of("first  one", "second"),
            "x-amz-date", List.of("20240515T120000Z"),
            "content-length", List.of("2"),
            "authorization", List.of("AWS4-HMAC-SHA256 " + CREDENTIAL
                    + ", SignedHeaders=content-type;host;x-amz-date;x-amz-target;x-caller-note;x-repeated,"
                    + " Signature=ed848259323e5f8da464effa4f5339ed11bbbf765e3e95f8df098974f834dc84")),
            "{}", Set.of("x-amz-target"));

    private static final List<Vector> ALL = List.of(CREATE, WITH_SESSION_TOKEN, GRAPHQL_GET, SPACED_HEADERS);

    private final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(SIGNED_AT.plusSeconds(30), ZoneOffset.UTC));

    /** A request as {@link SignedRequests} builds it (lower-case header names), with the headers it must sign. */
    private record Vector(String method, String path, String rawQuery, Map<String, List<String>> headers,
            String body, Set<String> requiredHeaders) {

        SignedRequest request() {
            return new SignedRequest(method, path, rawQuery, headers, body.getBytes(StandardCharsets.UTF_8));
        }

        Vector withHeader(String name, String value) {
            Map<String, List<String>> changed = new HashMap<>(headers);
            changed.put(name, List.of(value));
            return new Vector(method, path, rawQuery, changed, body, requiredHeaders);
        }

        /** The first value of {@code name} with its last character replaced, the header's other values kept. */
        Vector withOneCharacterChanged(String name) {
            List<String> values = new ArrayList<>(headers.get(name));
            String first = values.get(0);
            char last = first.charAt(first.length() - 1);
            values.set(0, first.substring(0, first.length() - 1) + (last == '1' ? '2' : '1'));
            Map<String, List<String>> changed = new HashMap<>(headers);
            changed.put(name, values);
            return new Vector(method, path, rawQuery, changed, body, requiredHeaders);
        }

        Vector withBody(String changed) {
            return new Vector(method, path, rawQuery, headers, changed, requiredHeaders);
        }

        Vector withQuery(String changed) {
            return new Vector(method, path, changed, headers, body, requiredHeaders);
        }
    }

    @Test
    void everyBotocoreSignatureIsAccepted() {
        for (Vector vector : ALL) {
            assertDoesNotThrow(() -> verify(vector), vector.toString());
        }
    }

    @Test
    void oneByteOfTheBodyChangedIsRefused() {
        for (Vector vector : ALL) {
            byte[] body = vector.body().getBytes(StandardCharsets.UTF_8);
            String changed = body.length == 0 ? " " : vector.body().substring(0, body.length - 1) + "]";
            assertRefused(vector.withBody(changed));
        }
    }

    @Test
    void anySignedHeaderOrTheDateChangedIsRefused() {
        for (Vector vector : ALL) {
            for (String name : SigV4Verifier.parse(vector.headers().get("authorization").get(0)).signedHeaders()) {
                // The date one second later: the same day and well within the allowed skew.
                assertRefused(name.equals("x-amz-date") ? vector.withHeader(name, "20240515T120001Z")
                        : vector.withOneCharacterChanged(name));
            }
        }
    }

    @Test
    void aQueryParameterChangedIsRefused() {
        assertRefused(GRAPHQL_GET.withQuery(GRAPHQL_GET.rawQuery().replace("a=x%20y", "a=x%20z")));
        // A raw '+' is a plus, not a space: the query botocore signed with %20 is another one.
        assertRefused(GRAPHQL_GET.withQuery(GRAPHQL_GET.rawQuery().replace("a=x%20y", "a=x+y")));
    }

    @Test
    void whitespaceRunsInAHeaderAreOneSpaceAndItsOrderOfParametersIsFree() {
        // Header values are trimmed and inner runs collapsed, so other runs of whitespace sign the same.
        assertDoesNotThrow(() -> verify(SPACED_HEADERS.withHeader("x-caller-note", " two \t spaces and a  tab ")));
        // Query parameters are sorted before signing: the order they were sent in does not matter.
        List<String> pairs = new ArrayList<>(List.of(GRAPHQL_GET.rawQuery().split("&")));
        Collections.reverse(pairs);
        assertDoesNotThrow(() -> verify(GRAPHQL_GET.withQuery(String.join("&", pairs))));
        // Escapes in lower case decode to the same bytes.
        assertDoesNotThrow(() -> verify(GRAPHQL_GET.withQuery(GRAPHQL_GET.rawQuery().replace("%C3%BC", "%c3%bc"))));
    }

    private void verify(Vector vector) {
        SignedRequest request = vector.request();
        verifier.verify(request, SigV4Verifier.parse(request.header("authorization")), SECRET,
                vector.requiredHeaders());
    }

    private void assertRefused(Vector vector) {
        AuthenticationException refused = assertThrows(AuthenticationException.class, () -> verify(vector),
                vector.toString());
        assertEquals("InvalidSignatureException", refused.errorCode(), refused.getMessage());
        assertEquals(SIGNATURE_MISMATCH, refused.getMessage());
    }
}
