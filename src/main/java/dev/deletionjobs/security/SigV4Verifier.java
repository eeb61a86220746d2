package dev.deletionjobs.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Verifies AWS Signature Version 4 as AWS does: the credential scope ({@code <date>/<region>/personalize/aws4_request}),
 * a signed {@code host} and {@code x-amz-date} within 15 minutes of the server's clock, the body against
 * {@code x-amz-content-sha256} when sent, and the signature itself, recomputed with the AWS SDK's own signer over
 * exactly the headers the client signed and compared in constant time.
 */
final class SigV4Verifier {

    static final String SERVICE = "personalize";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final HttpSigner<AwsCredentialsIdentity> SIGNER = AwsV4HttpSigner.create();

    private final Clock clock;

    SigV4Verifier(Clock clock) {
        this.clock = clock;
    }

    /** The parts of an Authorization header, before any key is looked up. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature) {
    }

    static Authorization parse(String header) {
        Matcher matcher = AUTHORIZATION.matcher(header.trim());
        if (!matcher.matches()) {
            throw AuthenticationException.incomplete("Authorization header requires 'Credential', 'SignedHeaders'"
                    + " and 'Signature' parameters, signed with AWS4-HMAC-SHA256.");
        }
        String[] scope = matcher.group(1).split("/");
        if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
            throw AuthenticationException.incomplete("Credential must have the form"
                    + " <access key id>/<yyyymmdd>/<region>/personalize/aws4_request.");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], List.of(matcher.group(2).split(";")),
                matcher.group(3));
    }

    /**
     * Checks that {@code request} was signed as {@code authorization} says with {@code secretAccessKey}.
     *
     * @param requiredHeaders headers that must be among the signed ones, besides host and x-amz-date
     */
    void verify(SignedRequest request, Authorization authorization, String accessKeyId, String secretAccessKey,
            Set<String> requiredHeaders) {
        if (!SERVICE.equals(authorization.service())) {
            throw AuthenticationException.invalidSignature("Credential should be scoped to correct service: '"
                    + SERVICE + "'.");
        }
        for (String required : concat(requiredHeaders, "host", "x-amz-date")) {
            if (!authorization.signedHeaders().contains(required) || request.header(required) == null) {
                throw AuthenticationException.incomplete("The header '" + required + "' must be present and signed.");
            }
        }
        Instant signedAt;
        try {
            signedAt = Instant.from(AMZ_DATE.parse(request.header("x-amz-date")));
        } catch (DateTimeParseException e) {
            throw AuthenticationException.incomplete("X-Amz-Date must have the form yyyyMMdd'T'HHmmss'Z'.");
        }
        if (!request.header("x-amz-date").startsWith(authorization.date())) {
            throw AuthenticationException.invalidSignature("Credential should be scoped to a valid date: '"
                    + request.header("x-amz-date").substring(0, 8) + "'.");
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw AuthenticationException.invalidSignature("Signature expired: " + request.header("x-amz-date")
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " ("
                    + AMZ_DATE.format(now) + " - 15 min.)");
        }
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash != null && !payloadHash.equalsIgnoreCase(sha256(request.body()))) {
            throw AuthenticationException.invalidSignature(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String expected = expectedSignature(request, authorization, accessKeyId, secretAccessKey, signedAt);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw AuthenticationException.invalidSignature("The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
                    + " service documentation for details.");
        }
    }

    /** The signature AWS would compute: the SDK's signer over the same method, path, query, signed headers and body. */
    private static String expectedSignature(SignedRequest request, Authorization authorization, String accessKeyId,
            String secretAccessKey, Instant signedAt) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(signedUri(request));
        for (String name : authorization.signedHeaders()) {
            List<String> values = request.headers().get(name);
            if (values == null) {
                throw AuthenticationException.incomplete("The signed header '" + name + "' is missing.");
            }
            http.putHeader(name, values);
        }
        byte[] body = request.body() == null ? new byte[0] : request.body();
        software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed;
        try {
            signed = SIGNER.sign(signing -> signing
                    .request(http.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .identity(AwsCredentialsIdentity.create(accessKeyId, secretAccessKey))
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, authorization.region())
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)));
        } catch (IllegalArgumentException e) {
            // The signer cannot canonicalise what the client sent (a malformed escape, say): theirs to fix.
            throw AuthenticationException.incomplete("The request cannot be canonicalised for SigV4: its path,"
                    + " query or signed headers are malformed.");
        }
        String header = signed.request().firstMatchingHeader("Authorization").orElse("");
        int at = header.indexOf("Signature=");
        return at < 0 ? "" : header.substring(at + "Signature=".length()).trim();
    }

    /** The URI the client signed, from its Host header, path and query; a malformed one is the client's error. */
    private static URI signedUri(SignedRequest request) {
        String query = request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        try {
            URI uri = new URI("http://" + request.header("host") + request.path() + query);
            // A Host that is not one authority (a path or query in it) would sign another request than was sent.
            if (uri.getHost() == null || !uri.getRawAuthority().equals(request.header("host"))
                    || !uri.getRawPath().equals(request.path())) {
                throw new URISyntaxException(uri.toString(), "not a host and a path");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw AuthenticationException.incomplete("The Host header, path or query is not a valid URI: a signed"
                    + " request needs a host name (with an optional port) and an escaped path and query.");
        }
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static List<String> concat(Set<String> required, String... always) {
        List<String> all = new ArrayList<>(Arrays.asList(always));
        all.addAll(required);
        return all;
    }
}
