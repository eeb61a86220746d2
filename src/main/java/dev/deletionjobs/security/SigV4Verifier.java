package dev.deletionjobs.security;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 as AWS does: the credential scope ({@code <date>/<region>/personalize/aws4_request}),
 * a signed {@code host} and {@code x-amz-date} within 15 minutes of the server's clock, the body against
 * {@code x-amz-content-sha256} when sent, and the signature itself, computed by the SigV4 specification over exactly
 * the headers the client signed ({@link CanonicalRequest}) and compared in constant time. Not the AWS SDK's signer:
 * it signs an {@code x-amz-content-sha256} of its own, which botocore (the AWS CLI, boto3) neither sends nor signs.
 */
final class SigV4Verifier {

    static final String SERVICE = "personalize";
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^,\\s]+)\\s*,\\s*SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})");
    /** Strict: a smart parse reads hour 24 as the next midnight and February 30 as its last day. */
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

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
        // Every part counts, empty ones too: "aws4_request///" is no scope.
        String[] scope = matcher.group(1).split("/", -1);
        if (scope.length != 5 || !isDate(scope[1]) || !"aws4_request".equals(scope[4])) {
            throw AuthenticationException.incomplete("Credential must have the form"
                    + " <access key id>/<yyyymmdd>/<region>/personalize/aws4_request.");
        }
        List<String> signedHeaders = List.of(matcher.group(2).split(";", -1));
        if (!isCanonicalList(signedHeaders)) {
            // The canonical request lists them this way; AWS refuses a repeated one too.
            throw AuthenticationException.incomplete("SignedHeaders must name each signed header once, in lower case"
                    + " and sorted order, separated by ';'.");
        }
        return new Authorization(scope[0], scope[1], scope[2], scope[3], signedHeaders, matcher.group(3));
    }

    private static boolean isDate(String text) {
        if (text.length() != 8) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Non-empty lower-case names, each greater than the one before (so sorted, and none repeated). */
    private static boolean isCanonicalList(List<String> names) {
        String previous = null;
        for (String name : names) {
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))
                    || previous != null && previous.compareTo(name) >= 0) {
                return false;
            }
            previous = name;
        }
        return true;
    }

    /**
     * Checks that {@code request} was signed as {@code authorization} says with {@code secretAccessKey}.
     *
     * @param requiredHeaders headers that must be among the signed ones, besides host and x-amz-date
     */
    void verify(SignedRequest request, Authorization authorization, String secretAccessKey,
            Set<String> requiredHeaders) {
        checkHead(request, authorization, requiredHeaders);
        String payloadHash = request.header("x-amz-content-sha256");
        if (payloadHash != null && !payloadHash.equalsIgnoreCase(sha256(request.body()))) {
            throw AuthenticationException.invalidSignature(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String expected = expectedSignature(request, authorization, secretAccessKey);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.US_ASCII))) {
            throw AuthenticationException.invalidSignature("The request signature we calculated does not match the"
                    + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the"
                    + " service documentation for details.");
        }
    }

    /**
     * What can be checked of a signed request without its body: the service, the signed headers it must have, and
     * its date within 15 minutes. Refused here, a request's body is never read.
     */
    void checkHead(SignedRequest request, Authorization authorization, Set<String> requiredHeaders) {
        if (!SERVICE.equals(authorization.service())) {
            throw AuthenticationException.invalidSignature("Credential should be scoped to correct service: '"
                    + SERVICE + "'.");
        }
        for (String required : concat(requiredHeaders, "host", "x-amz-date")) {
            if (!authorization.signedHeaders().contains(required) || request.header(required) == null) {
                throw AuthenticationException.incomplete("The header '" + required + "' must be present and signed.");
            }
        }
        if (request.repeats("x-amz-date")) {
            // The signature covers both, but which one dates it would be a guess.
            throw AuthenticationException.incomplete("The request carries more than one X-Amz-Date header: send"
                    + " one.");
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
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw AuthenticationException.invalidSignature("Signature expired: " + request.header("x-amz-date")
                    + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " ("
                    + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            // AWS's words for a clock ahead: "expired ... earlier than" would send its owner the wrong way.
            throw AuthenticationException.invalidSignature("Signature not yet current: " + request.header("x-amz-date")
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " ("
                    + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    /** The signature AWS would compute over the same method, path, query, signed headers and payload hash. */
    private static String expectedSignature(SignedRequest request, Authorization authorization,
            String secretAccessKey) {
        checkUri(request);
        String payloadHash = request.header("x-amz-content-sha256");
        String canonicalRequest = CanonicalRequest.of(request, authorization.signedHeaders(),
                payloadHash != null ? payloadHash : sha256(request.body()));
        String stringToSign = "AWS4-HMAC-SHA256\n" + request.header("x-amz-date") + "\n" + authorization.date() + "/"
                + authorization.region() + "/" + SERVICE + "/aws4_request\n"
                + sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = hmac(mac, ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), authorization.date());
            key = hmac(mac, key, authorization.region());
            key = hmac(mac, key, SERVICE);
            key = hmac(mac, key, "aws4_request");
            return HexFormat.of().formatHex(hmac(mac, key, stringToSign));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] hmac(Mac mac, byte[] key, String data) throws GeneralSecurityException {
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** A Host, path and query that make no URI with a host name are malformed: the client's error, not a signature's. */
    private static void checkUri(SignedRequest request) {
        String query = request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery();
        try {
            URI uri = new URI("http://" + request.header("host") + request.path() + query);
            // A Host with a path or query in it is not one authority, however java.net.URI reads it.
            if (uri.getHost() == null || !uri.getRawAuthority().equals(request.header("host"))
                    || !uri.getRawPath().equals(request.path())) {
                throw new URISyntaxException(uri.toString(), "not a host and a path");
            }
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
