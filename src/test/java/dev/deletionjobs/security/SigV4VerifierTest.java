package dev.deletionjobs.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The SigV4 rules the verifier applies itself: the Authorization header's form and the canonical request. */
class SigV4VerifierTest {

    private static final String KEY = "AKIDVERIFIER00000001";
    private static final String SECRET = "verifier-secret-access-key-0123456789abc";
    private static final Instant NOW = Instant.parse("2024-05-15T12:00:00Z");
    private static final String SIGNATURE = "Signature=" + "0".repeat(64);
    private static final String MALFORMED = "The request cannot be canonicalised for SigV4: its path, query or signed"
            + " headers are malformed.";

    private final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aCredentialDateOfOtherThanEightDigitsIsIncomplete() {
        for (String date : List.of("", "2024051", "202405150", "2024O515", "2024-5-1", "\uFF12\uFF10\uFF12\uFF14"
                + "\uFF10\uFF15\uFF11\uFF15")) {
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> SigV4Verifier.parse(authorization(date, "host;x-amz-date")), date);
            assertIncomplete(refused, "Credential must have the form"
                    + " <access key id>/<yyyymmdd>/<region>/personalize/aws4_request.");
        }
        assertEquals("20240515", SigV4Verifier.parse(authorization("20240515", "host;x-amz-date")).date());
    }

    @Test
    void aCredentialWithEmptyPartsAfterItsScopeIsIncomplete() {
        for (String tail : List.of("/", "///", "/aws4_request")) {
            String header = authorization("20240515", "host;x-amz-date").replace("aws4_request,", "aws4_request" + tail
                    + ",");
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> SigV4Verifier.parse(header), tail);
            assertIncomplete(refused, "Credential must have the form"
                    + " <access key id>/<yyyymmdd>/<region>/personalize/aws4_request.");
        }
    }

    @Test
    void signedHeadersRepeatedEmptyUnsortedOrInUpperCaseAreIncomplete() {
        for (String signedHeaders : List.of("host;host;x-amz-date", "host;;x-amz-date", ";host;x-amz-date",
                "host;x-amz-date;", "x-amz-date;host", "Host;x-amz-date", "host;x-amz-date;x-amz-date")) {
            AuthenticationException refused = assertThrows(AuthenticationException.class,
                    () -> SigV4Verifier.parse(authorization("20240515", signedHeaders)), signedHeaders);
            assertIncomplete(refused, "SignedHeaders must name each signed header once, in lower case and sorted"
                    + " order, separated by ';'.");
        }
        assertEquals(List.of("content-type", "host", "x-amz-date", "x-amz-target"), SigV4Verifier
                .parse(authorization("20240515", "content-type;host;x-amz-date;x-amz-target")).signedHeaders());
    }

    @Test
    void anXAmzDateOutsideTheCalendarOrSentTwiceIsIncomplete() {
        SigV4Verifier.Authorization authorization = SigV4Verifier.parse(authorization("20240515", "host;x-amz-date"));
        // Hour 24 would read as the next midnight, February 30 as March 1.
        for (String date : List.of("20240515T240000Z", "20240230T120000Z", "20240515T126000Z", "20240515T120060Z")) {
            SignedRequest request = new SignedRequest("POST", "/", "", Map.of("host", List.of("localhost"),
                    "x-amz-date", List.of(date)), new byte[0]);
            assertIncomplete(assertThrows(AuthenticationException.class,
                    () -> verifier.verify(request, authorization, SECRET, Set.of()), date),
                    "X-Amz-Date must have the form yyyyMMdd'T'HHmmss'Z'.");
        }
        SignedRequest twice = new SignedRequest("POST", "/", "", Map.of("host", List.of("localhost"),
                "x-amz-date", List.of("20240515T120000Z", "20240515T120000Z")), new byte[0]);
        assertIncomplete(assertThrows(AuthenticationException.class,
                () -> verifier.verify(twice, authorization, SECRET, Set.of())),
                "The request carries more than one X-Amz-Date header: send one.");
        // A valid date gets as far as the signature, which these requests do not have.
        SignedRequest valid = new SignedRequest("POST", "/", "", Map.of("host", List.of("localhost"),
                "x-amz-date", List.of("20240515T120000Z")), new byte[0]);
        assertEquals("InvalidSignatureException", assertThrows(AuthenticationException.class,
                () -> verifier.verify(valid, authorization, SECRET, Set.of())).errorCode());
    }

    @Test
    void theCanonicalQueryDecodesEncodesAgainAndSorts() {
        // A raw '+' is a plus; escapes in lower case are upper case; a name without '=' has an empty value.
        assertEquals("=v&a=&a=x%20y&a=x%2By&b=2&c=&d=~~&e=%C3%BC",
                CanonicalRequest.query("b=2&a=x+y&a=x%20y&c&d=%7e%7E&e=%C3%BC&=v&a="));
        assertEquals("q=%C3%BC%2F%3F%3D%2A", CanonicalRequest.query("q=ü/?=*"));
        assertEquals("q=%2F%FF", CanonicalRequest.query("q=%2f%ff"));
        assertEquals("", CanonicalRequest.query(""));
        assertEquals("", CanonicalRequest.query(null));
    }

    @Test
    void theCanonicalUriIsThePathEncodedOnceMore() {
        assertEquals("/", CanonicalRequest.uri(""));
        assertEquals("/", CanonicalRequest.uri("/"));
        assertEquals("/graphql", CanonicalRequest.uri("/graphql"));
        assertEquals("/a%2520b/c%20d/-_.~/%C3%BC", CanonicalRequest.uri("/a%20b/c d/-_.~/ü"));
    }

    @Test
    void headerValuesAreTrimmedAndRepeatedOnesJoined() {
        SignedRequest request = new SignedRequest("POST", "/", "", Map.of("x-a", List.of("  a \t\t b  ", "c", ""),
                "x-b", List.of("\t")), new byte[0]);
        assertEquals("POST\n/\n\nx-a:a b,c,\nx-b:\n\nx-a;x-b\nHASH",
                CanonicalRequest.of(request, List.of("x-a", "x-b"), "HASH"));
    }

    @Test
    void aMalformedEscapeOrAMissingSignedHeaderIsIncomplete() {
        for (String query : List.of("q=%", "q=%4", "q=%zz", "%G1=x", "q=%-1", "q=%\u00e41")) {
            assertIncomplete(assertThrows(AuthenticationException.class, () -> CanonicalRequest.query(query), query),
                    MALFORMED);
        }
        SignedRequest request = new SignedRequest("POST", "/", "", Map.of(), new byte[0]);
        assertIncomplete(assertThrows(AuthenticationException.class,
                () -> CanonicalRequest.of(request, List.of("x-gone"), "HASH")), "The signed header 'x-gone' is missing.");
    }

    @Test
    void theJavaSdksSignatureOverAQueryIsAccepted() {
        Map<String, List<String>> parameters = Map.of("query", List.of("{ dataDeletionJobs { totalCount } }"),
                "note", List.of("a+b c/ü€ ?&=#", ""));
        SdkHttpRequest.Builder builder = SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(URI.create("http://localhost:8080/graphql"));
        parameters.forEach(builder::putRawQueryParameter);
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .request(builder.build())
                .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                .identity(AwsCredentialsIdentity.create(KEY, SECRET))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "personalize")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))).request();
        Map<String, List<String>> headers = new HashMap<>();
        signed.headers().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        headers.put("host", List.of("localhost:8080"));
        SignedRequest request = new SignedRequest("GET", "/graphql", signed.encodedQueryParameters().orElse(""),
                headers, new byte[0]);
        assertDoesNotThrow(() -> verifier.verify(request, SigV4Verifier.parse(request.header("authorization")),
                SECRET, Set.of()));
        AuthenticationException refused = assertThrows(AuthenticationException.class, () -> verifier.verify(request,
                SigV4Verifier.parse(request.header("authorization")), "another-secret", Set.of()));
        assertEquals("InvalidSignatureException", refused.errorCode());
    }

    @Test
    void canonicalisingGrowsWithTheInputNotFaster() {
        // 200,000 parameters without '=' and one long header: linear passes and one sort, well within a second.
        String query = "a&".repeat(200_000) + "b=%41";
        String header = " x ".repeat(200_000);
        SignedRequest request = new SignedRequest("POST", "/", query, Map.of("x-long", List.of(header)), new byte[0]);
        String canonical = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> CanonicalRequest.of(request, List.of("x-long"), "HASH"));
        assertEquals("POST\n/\n" + "a=&".repeat(200_000) + "b=A\nx-long:" + "x ".repeat(199_999) + "x\n\nx-long\nHASH",
                canonical);
    }

    private static String authorization(String date, String signedHeaders) {
        return "AWS4-HMAC-SHA256 Credential=" + KEY + "/" + date + "/us-east-1/personalize/aws4_request,"
                + " SignedHeaders=" + signedHeaders + ", " + SIGNATURE;
    }

    private static void assertIncomplete(AuthenticationException refused, String message) {
        assertEquals("IncompleteSignatureException", refused.errorCode());
        assertEquals(400, refused.httpStatus());
        assertEquals(message, refused.getMessage());
    }
}
