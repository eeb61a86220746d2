package dev.deletionjobs.pagination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.InvalidNextTokenException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;

class CursorCodecTest {

    private static final byte[] KEY = "a-key-of-at-least-thirty-two-characters".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-05-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AccountScope SCOPE = new AccountScope("123456789012", "us-east-1");
    private static final JobFilter GROUP = new JobFilter("arn:aws:personalize:us-east-1:123456789012:dataset-group/g",
            Set.of());
    private static final ListPosition POSITION = new ListPosition(Instant.parse("2026-05-01T09:08:07.654Z"),
            "arn:aws:personalize:us-east-1:123456789012:data-deletion-job/job-ü");

    private final CursorCodec codec = new CursorCodec(KEY, Duration.ofHours(24), CLOCK);

    @Test
    void aPagesIssuerGivesEachPositionTheTokenEncodeGives() {
        ListOrder order = ListOrder.OLDEST_FIRST;
        var issuer = codec.issuer(SCOPE, GROUP, order);
        for (int i = 0; i < 3; i++) {
            ListPosition position = new ListPosition(POSITION.creationDateTime().plusMillis(i), POSITION.arn() + i);
            String token = issuer.apply(position);
            assertEquals(codec.encode(SCOPE, GROUP, order, position), token);
            assertEquals(position, codec.decode(token, SCOPE, GROUP, order));
        }
    }

    @Test
    void aTokenDecodesToItsPosition() {
        String token = codec.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION);
        assertEquals(POSITION, codec.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST));
        assertTrue(token.matches("[A-Za-z0-9_-]+"), "URL-safe ASCII: " + token);
        assertTrue(token.length() < 1500);
    }

    @Test
    void anyAlteredByteIsRefused() {
        byte[] bytes = Base64.getUrlDecoder().decode(codec.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION));
        for (int i = 0; i < bytes.length; i++) {
            byte[] altered = bytes.clone();
            altered[i] ^= 0x01;
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
            assertThrows(InvalidNextTokenException.class, () -> codec.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST),
                    "byte " + i);
        }
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        CursorCodec other = new CursorCodec("another-key-of-thirty-two-characters!!".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(24), CLOCK);
        String token = other.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION);
        assertEquals("The token is not valid.",
                assertThrows(InvalidNextTokenException.class, () -> codec.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST))
                        .getMessage());
    }

    @Test
    void aTokenIsBoundToScopeAndFilter() {
        String token = codec.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION);
        assertMismatch(token, new AccountScope("210987654321", "us-east-1"), GROUP);
        assertMismatch(token, new AccountScope("123456789012", "eu-west-1"), GROUP);
        assertMismatch(token, SCOPE, new JobFilter(null, Set.of()));
        assertMismatch(token, SCOPE, new JobFilter(GROUP.datasetGroupArn() + "2", Set.of()));
        assertMismatch(token, SCOPE, new JobFilter(GROUP.datasetGroupArn(), Set.of(JobStatus.FAILED)));
    }

    @Test
    void aTokenIsBoundToItsOrder() {
        String newestFirst = codec.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION);
        assertMismatch(newestFirst, SCOPE, GROUP, ListOrder.OLDEST_FIRST);
        String oldestFirst = codec.encode(SCOPE, GROUP, ListOrder.OLDEST_FIRST, POSITION);
        assertEquals(POSITION, codec.decode(oldestFirst, SCOPE, GROUP, ListOrder.OLDEST_FIRST));
        assertMismatch(oldestFirst, SCOPE, GROUP, ListOrder.NEWEST_FIRST);
    }

    @Test
    void aTokenIsBoundToItsWindow() {
        Instant after = Instant.parse("2026-04-01T00:00:00Z");
        Instant before = Instant.parse("2026-05-01T00:00:00Z");
        JobFilter window = new JobFilter(GROUP.datasetGroupArn(), Set.of(), after, before);
        String token = codec.encode(SCOPE, window, ListOrder.NEWEST_FIRST, POSITION);
        assertEquals(POSITION, codec.decode(token, SCOPE, new JobFilter(GROUP.datasetGroupArn(), Set.of(), after,
                before), ListOrder.NEWEST_FIRST));
        assertMismatch(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST);
        assertMismatch(token, SCOPE, new JobFilter(GROUP.datasetGroupArn(), Set.of(), after, null),
                ListOrder.NEWEST_FIRST);
        assertMismatch(token, SCOPE, new JobFilter(GROUP.datasetGroupArn(), Set.of(), null, before),
                ListOrder.NEWEST_FIRST);
        assertMismatch(token, SCOPE, new JobFilter(GROUP.datasetGroupArn(), Set.of(), after.plusMillis(1), before),
                ListOrder.NEWEST_FIRST);
        // A bound on one side is not the same bound on the other.
        String afterOnly = codec.encode(SCOPE, new JobFilter(null, Set.of(), after, null), ListOrder.NEWEST_FIRST,
                POSITION);
        assertMismatch(afterOnly, SCOPE, new JobFilter(null, Set.of(), null, after), ListOrder.NEWEST_FIRST);
    }

    @Test
    void aTokenIssuedBeforeOrdersAndWindowsStillContinuesItsListing() {
        // Issued by the codec as it was before a token was bound to an order and a window, with this test's key.
        String issuedBefore = "AQAAAABp9csgAAABneLLm2ZelujyDYmsN4a4AFBPveCAYXJuOmF3czpwZXJzb25hbGl6ZTp1cy1lYXN0LTE6MT"
                + "IzNDU2Nzg5MDEyOmRhdGEtZGVsZXRpb24tam9iL2pvYi3DvGdP7bc9NPx0bnou1gwDNCqnhC-t2VF2BICPxHxIoUJ0";
        JobFilter failedOfGroup = new JobFilter(GROUP.datasetGroupArn(), Set.of(JobStatus.FAILED));
        assertEquals(POSITION, codec.decode(issuedBefore, SCOPE, failedOfGroup, ListOrder.NEWEST_FIRST));
        assertMismatch(issuedBefore, SCOPE, failedOfGroup, ListOrder.OLDEST_FIRST);
    }

    @Test
    void aTokenMeansTheSameBytesAcrossReleases() {
        // Issued by the codec of the previous release, with this test's key: replicas of both serve one listing.
        String issuedBefore = "AQAAAABp9csgAAABneLLm2brzUU1IBMNkIG8yagXRlLuYXJuOmF3czpwZXJzb25hbGl6ZTp1cy1lYXN0LTE6MT"
                + "IzNDU2Nzg5MDEyOmRhdGEtZGVsZXRpb24tam9iL2pvYi3DvEApMwAePEoQ6ClPrODqyZrL8HChAlAce4IaMPH9Vwg9";
        JobFilter filter = new JobFilter(GROUP.datasetGroupArn(), Set.of(JobStatus.PENDING, JobStatus.FAILED,
                JobStatus.IN_PROGRESS), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00.5Z"));
        assertEquals(issuedBefore, codec.encode(SCOPE, filter, ListOrder.OLDEST_FIRST, POSITION));
    }

    @Test
    void statusOrderDoesNotMatter() {
        JobFilter filter = new JobFilter(null, Set.of(JobStatus.FAILED, JobStatus.PENDING));
        String token = codec.encode(SCOPE, filter, ListOrder.NEWEST_FIRST, POSITION);
        assertEquals(POSITION, codec.decode(token, SCOPE, new JobFilter(null, Set.of(JobStatus.PENDING,
                JobStatus.FAILED)), ListOrder.NEWEST_FIRST));
    }

    @Test
    void aTokenExpiresAfterItsTimeToLive() {
        String token = codec.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION);
        CursorCodec dayLater = new CursorCodec(KEY, Duration.ofHours(24),
                Clock.fixed(NOW.plus(Duration.ofHours(24)), ZoneOffset.UTC));
        assertEquals(POSITION, dayLater.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST));
        CursorCodec tooLate = new CursorCodec(KEY, Duration.ofHours(24),
                Clock.fixed(NOW.plus(Duration.ofHours(24)).plusSeconds(1), ZoneOffset.UTC));
        assertEquals("The token has expired; start the listing again without a token.",
                assertThrows(InvalidNextTokenException.class, () -> tooLate.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST))
                        .getMessage());
    }

    @Test
    void aTokenFromTheFutureIsRefused() {
        CursorCodec ahead = new CursorCodec(KEY, Duration.ofHours(24),
                Clock.fixed(NOW.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
        String token = ahead.encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST, POSITION);
        assertThrows(InvalidNextTokenException.class, () -> codec.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST));
    }

    @Test
    void garbageIsRefused() {
        for (String garbage : new String[] { "", "x", "not base64!", "AAAA", "A".repeat(1501),
                Base64.getUrlEncoder().encodeToString(new byte[80]) }) {
            assertThrows(InvalidNextTokenException.class, () -> codec.decode(garbage, SCOPE, GROUP, ListOrder.NEWEST_FIRST),
                    garbage);
        }
    }

    @Test
    void randomKeysDifferBetweenCodecs() {
        String token = CursorCodec.withRandomKey(Duration.ofHours(1), CLOCK).encode(SCOPE, GROUP, ListOrder.NEWEST_FIRST,
                POSITION);
        CursorCodec other = CursorCodec.withRandomKey(Duration.ofHours(1), CLOCK);
        assertThrows(InvalidNextTokenException.class, () -> other.decode(token, SCOPE, GROUP, ListOrder.NEWEST_FIRST));
    }

    private void assertMismatch(String token, AccountScope scope, JobFilter filter) {
        assertMismatch(token, scope, filter, ListOrder.NEWEST_FIRST);
    }

    private void assertMismatch(String token, AccountScope scope, JobFilter filter, ListOrder order) {
        InvalidNextTokenException e = assertThrows(InvalidNextTokenException.class,
                () -> codec.decode(token, scope, filter, order));
        assertEquals("The token is not valid: it was issued for a different account, region, filter or order.",
                e.getMessage());
    }
}
