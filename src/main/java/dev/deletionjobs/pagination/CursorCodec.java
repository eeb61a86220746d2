package dev.deletionjobs.pagination;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.function.Function;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.deletionjobs.error.InvalidNextTokenException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;

/**
 * Encodes a listing position as an opaque, signed token: the AWS {@code nextToken} and the GraphQL cursors alike.
 * <p>
 * A token carries its issue time, the position (creation time and ARN) and a fingerprint of the scope, filter and
 * order it was issued for, all under an HMAC-SHA256. It is stateless: any replica with the same key continues a
 * listing. A token that was altered, has expired, or is presented with another account, region, filter or order is
 * refused, so a client cannot page through a listing it did not start or craft a position it was never given.
 * <p>
 * Layout before base64url: version (1) | issued-at epoch seconds (8) | creation epoch millis (8) | fingerprint (16) |
 * ARN (UTF-8) | HMAC-SHA256 of everything before it (32).
 */
public final class CursorCodec {

    private static final byte VERSION = 1;
    private static final String HMAC = "HmacSHA256";
    private static final int FINGERPRINT_LENGTH = 16;
    private static final int MAC_LENGTH = 32;
    private static final int HEADER_LENGTH = 1 + 8 + 8 + FINGERPRINT_LENGTH;
    /** Tolerated clock difference between replicas for a token that appears issued in the future. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Well below the API's 1,500 characters, which a longer token could reach only through a forged ARN. */
    private static final int MAX_TOKEN_LENGTH = 1500;

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** The fingerprint names a filter's statuses in this order, whatever order the caller gave them in. */
    private static final JobStatus[] STATUSES_BY_NAME = Arrays.stream(JobStatus.values())
            .sorted(Comparator.comparing(JobStatus::name)).toArray(JobStatus[]::new);
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(CursorCodec::newSha256);

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;
    private final ThreadLocal<Mac> macs;

    public CursorCodec(byte[] key, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(key.clone(), HMAC);
        this.ttl = ttl;
        this.clock = clock;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** A codec with a random key: tokens die with the process, fine for one local process and tests. */
    public static CursorCodec withRandomKey(Duration ttl, Clock clock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CursorCodec(key, ttl, clock);
    }

    /** The token for {@code position} in the listing of {@code filter} in {@code order} within {@code scope}. */
    public String encode(AccountScope scope, JobFilter filter, ListOrder order, ListPosition position) {
        return issuer(scope, filter, order).apply(position);
    }

    /**
     * Tokens for the positions of one listing, issued now: what every token of a page shares (the fingerprint, the
     * issue time) is worked out once, not for each of a page's hundred cursors.
     */
    public Function<ListPosition, String> issuer(AccountScope scope, JobFilter filter, ListOrder order) {
        byte[] fingerprint = fingerprint(scope, filter, order);
        long issuedAt = clock.instant().getEpochSecond();
        return position -> {
            byte[] arn = position.arn().getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.allocate(HEADER_LENGTH + arn.length + MAC_LENGTH);
            buffer.put(VERSION);
            buffer.putLong(issuedAt);
            buffer.putLong(position.creationDateTime().toEpochMilli());
            buffer.put(fingerprint);
            buffer.put(arn);
            Mac mac = macs.get();
            mac.update(buffer.array(), 0, buffer.position());
            buffer.put(mac.doFinal());
            return ENCODER.encodeToString(buffer.array());
        };
    }

    /**
     * The position a token stands for.
     *
     * @throws InvalidNextTokenException when the token is malformed, tampered with, expired, or was issued for
     *         another scope, filter or order
     */
    public ListPosition decode(String token, AccountScope scope, JobFilter filter, ListOrder order) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (bytes.length <= HEADER_LENGTH + MAC_LENGTH) {
            throw invalid();
        }
        int signedLength = bytes.length - MAC_LENGTH;
        Mac mac = macs.get();
        mac.update(bytes, 0, signedLength);
        byte[] expected = mac.doFinal();
        byte[] presented = new byte[MAC_LENGTH];
        System.arraycopy(bytes, signedLength, presented, 0, MAC_LENGTH);
        if (!MessageDigest.isEqual(expected, presented)) {
            throw invalid();
        }

        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, signedLength);
        if (buffer.get() != VERSION) {
            throw invalid();
        }
        Instant issuedAt = Instant.ofEpochSecond(buffer.getLong());
        Instant creationDateTime = Instant.ofEpochMilli(buffer.getLong());
        byte[] boundTo = new byte[FINGERPRINT_LENGTH];
        buffer.get(boundTo);
        String arn = new String(bytes, HEADER_LENGTH, signedLength - HEADER_LENGTH, StandardCharsets.UTF_8);

        if (!MessageDigest.isEqual(boundTo, fingerprint(scope, filter, order))) {
            throw new InvalidNextTokenException(
                    "The token is not valid: it was issued for a different account, region, filter or order.");
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw invalid();
        }
        if (now.isAfter(issuedAt.plus(ttl))) {
            throw new InvalidNextTokenException("The token has expired; start the listing again without a token.");
        }
        return new ListPosition(creationDateTime, arn);
    }

    /**
     * A digest of everything a token is bound to besides its position. What tokens were bound to before windows and
     * orders existed is digested as it was, and the default order and an open window add nothing, so the tokens
     * issued then still continue their listings.
     */
    private static byte[] fingerprint(AccountScope scope, JobFilter filter, ListOrder order) {
        // Built by hand, not with streams: every listing computes it, and a token must keep meaning the same bytes.
        StringBuilder bound = new StringBuilder(160).append(scope.accountId()).append('\n').append(scope.region())
                .append('\n');
        if (filter.datasetGroupArn() != null) {
            bound.append("group=").append(filter.datasetGroupArn());
        }
        bound.append("\nstatuses=");
        String separator = "";
        for (JobStatus status : STATUSES_BY_NAME) {
            if (filter.statuses().contains(status)) {
                bound.append(separator).append(status.name());
                separator = ",";
            }
        }
        if (filter.createdAfter() != null) {
            bound.append("\ncreatedAfter=").append(filter.createdAfter().toEpochMilli());
        }
        if (filter.createdBefore() != null) {
            bound.append("\ncreatedBefore=").append(filter.createdBefore().toEpochMilli());
        }
        if (order != ListOrder.NEWEST_FIRST) {
            bound.append("\norder=").append(order.name());
        }
        byte[] digest = SHA_256.get().digest(bound.toString().getBytes(StandardCharsets.UTF_8));
        return Arrays.copyOf(digest, FINGERPRINT_LENGTH);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    private static InvalidNextTokenException invalid() {
        return new InvalidNextTokenException("The token is not valid.");
    }
}
