package dev.deletionjobs.awsjson;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createJob;
import static dev.deletionjobs.testing.AwsJsonCalls.listAll;
import static dev.deletionjobs.testing.AwsJsonCalls.listRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import dev.deletionjobs.pagination.CursorCodec;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;

/** ListDataDeletionJobs: newest first, keyset pages that never skip or repeat, signed filter-bound tokens. */
@QuarkusTest
class AwsJsonPaginationTest {

    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    @Inject
    DataDeletionJobStore store;

    @ConfigProperty(name = "personalize.pagination.token-secret")
    String tokenSecret;

    @Test
    void pagesCoverEveryJobExactlyOnceNewestFirstAtEveryPageSize() {
        String group = newDatasetGroupArn();
        // Seeded straight into the store, many sharing a millisecond, so the ARN tie-break is exercised.
        List<DataDeletionJob> seeded = seed(group, 250, 7);
        List<String> expected = newestFirst(seeded);

        for (Integer size : new Integer[] { 1, 7, 50, 99, 100, null }) {
            assertEquals(expected, listAll(group, size), "maxResults " + size);
        }
    }

    @Test
    void equalTimestampsAreOrderedByArnDescending() {
        String group = newDatasetGroupArn();
        List<DataDeletionJob> seeded = seed(group, 30, 30);
        List<String> arns = listAll(group, 4);
        List<String> byArnDescending = seeded.stream().map(DataDeletionJob::arn)
                .sorted(Comparator.reverseOrder()).toList();
        assertEquals(byArnDescending, arns);
    }

    @Test
    void defaultPageIsOneHundredAndTheLastPageHasNoToken() {
        String group = newDatasetGroupArn();
        seed(group, 101, 1);

        Response first = call("ListDataDeletionJobs", listRequest(group, null, null));
        first.then().statusCode(200).body("dataDeletionJobs", hasSize(100)).body("$", hasKey("nextToken"));
        call("ListDataDeletionJobs", listRequest(group, null, first.path("nextToken")))
                .then().statusCode(200).body("dataDeletionJobs", hasSize(1)).body("$", not(hasKey("nextToken")));
    }

    @Test
    void anExactlyFullLastPageCarriesNoToken() {
        String group = newDatasetGroupArn();
        seed(group, 10, 1);
        call("ListDataDeletionJobs", listRequest(group, 10, null))
                .then().statusCode(200).body("dataDeletionJobs", hasSize(10)).body("$", not(hasKey("nextToken")));
        Response first = call("ListDataDeletionJobs", listRequest(group, 5, null));
        call("ListDataDeletionJobs", listRequest(group, 5, first.path("nextToken")))
                .then().statusCode(200).body("dataDeletionJobs", hasSize(5)).body("$", not(hasKey("nextToken")));
    }

    @Test
    void anEmptyListingIsOneEmptyPage() {
        call("ListDataDeletionJobs", listRequest(newDatasetGroupArn(), null, null))
                .then().statusCode(200).body("dataDeletionJobs", hasSize(0)).body("$", not(hasKey("nextToken")));
    }

    @Test
    void summariesCarryTheJobsMembers() {
        String group = newDatasetGroupArn();
        String arn = createJob("summary-" + UUID.randomUUID(), group);
        call("ListDataDeletionJobs", listRequest(group, null, null))
                .then().statusCode(200)
                .body("dataDeletionJobs[0].dataDeletionJobArn", equalTo(arn))
                .body("dataDeletionJobs[0].datasetGroupArn", equalTo(group))
                .body("dataDeletionJobs[0].jobName", startsWith("summary-"))
                .body("dataDeletionJobs[0].status", equalTo("PENDING"))
                .body("dataDeletionJobs[0]", hasKey("creationDateTime"))
                .body("dataDeletionJobs[0]", hasKey("lastUpdatedDateTime"))
                .body("dataDeletionJobs[0]", not(hasKey("roleArn")));
    }

    @Test
    void jobsCreatedWhilePagingAreNeitherRepeatedNorMakeItSkip() {
        String group = newDatasetGroupArn();
        List<String> original = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            original.add(createJob("interleaved-" + i + "-" + UUID.randomUUID(), group));
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        int created = 0;
        do {
            Response page = call("ListDataDeletionJobs", listRequest(group, 3, token));
            page.then().statusCode(200);
            seen.addAll(page.path("dataDeletionJobs.dataDeletionJobArn"));
            token = page.path("nextToken");
            // Newer jobs arrive between every two pages.
            createJob("late-" + created++ + "-" + UUID.randomUUID(), group);
        } while (token != null);

        assertEquals(original.size(), seen.size(), seen.toString());
        assertEquals(new HashSet<>(original), new HashSet<>(seen));
    }

    @Test
    void theUnfilteredListingIsOrderedAndHoldsEveryGroupsJobs() {
        String groupA = newDatasetGroupArn();
        String groupB = newDatasetGroupArn();
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            mine.add(createJob("all-a-" + i + "-" + UUID.randomUUID(), groupA));
            mine.add(createJob("all-b-" + i + "-" + UUID.randomUUID(), groupB));
        }
        List<String> arns = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        String token = null;
        do {
            Response page = call("ListDataDeletionJobs", listRequest(null, 100, token));
            page.then().statusCode(200);
            arns.addAll(page.path("dataDeletionJobs.dataDeletionJobArn"));
            List<BigDecimal> created = page.jsonPath(JsonPathConfig.jsonPathConfig()
                    .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                    .getList("dataDeletionJobs.creationDateTime", BigDecimal.class);
            created.forEach(t -> times.add(t.movePointRight(3).longValueExact()));
            token = page.path("nextToken");
        } while (token != null);

        assertEquals(arns.size(), new HashSet<>(arns).size(), "no job is listed twice");
        assertTrue(arns.containsAll(mine));
        for (int i = 1; i < arns.size(); i++) {
            boolean ordered = times.get(i - 1) > times.get(i)
                    || (times.get(i - 1).equals(times.get(i)) && arns.get(i - 1).compareTo(arns.get(i)) > 0);
            assertTrue(ordered, "newest first at " + i + ": " + arns.get(i - 1) + " then " + arns.get(i));
        }
    }

    @Test
    void aTamperedTokenIsRefused() {
        String group = newDatasetGroupArn();
        seed(group, 3, 1);
        String token = call("ListDataDeletionJobs", listRequest(group, 1, null)).path("nextToken");
        char[] chars = token.toCharArray();
        int middle = chars.length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        assertInvalidToken(listRequest(group, 1, new String(chars)), "The token is not valid.");
        assertInvalidToken(listRequest(group, 1, token.substring(0, token.length() - 4)), "The token is not valid.");
        assertInvalidToken(listRequest(group, 1, "not a token"), "The token is not valid.");
        assertInvalidToken(listRequest(group, 1, ""), "The token is not valid.");
    }

    @Test
    void aTokenIsBoundToItsFilter() {
        String group = newDatasetGroupArn();
        seed(group, 3, 1);
        String token = call("ListDataDeletionJobs", listRequest(group, 1, null)).path("nextToken");
        String mismatch = "The token is not valid: it was issued for a different account, region, filter or order.";
        assertInvalidToken(listRequest(newDatasetGroupArn(), 1, token), mismatch);
        assertInvalidToken(listRequest(null, 1, token), mismatch);

        String unfiltered = call("ListDataDeletionJobs", listRequest(null, 1, null)).path("nextToken");
        assertInvalidToken(listRequest(group, 1, unfiltered), mismatch);
    }

    @Test
    void aTokenOfAnotherAccountOrRegionIsRefused() {
        String group = newDatasetGroupArn();
        ListPosition position = new ListPosition(Instant.now(), "arn:aws:personalize:us-east-1:111111111111:x");
        CursorCodec codec = new CursorCodec(tokenSecret.getBytes(), Duration.ofHours(24), Clock.systemUTC());
        String mismatch = "The token is not valid: it was issued for a different account, region, filter or order.";
        String otherAccount = codec.encode(new AccountScope("111111111111", "us-east-1"),
                new JobFilter(group, Set.of()), ListOrder.NEWEST_FIRST, position);
        assertInvalidToken(listRequest(group, 1, otherAccount), mismatch);
        String otherRegion = codec.encode(new AccountScope("000000000000", "eu-west-1"),
                new JobFilter(group, Set.of()), ListOrder.NEWEST_FIRST, position);
        assertInvalidToken(listRequest(group, 1, otherRegion), mismatch);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String group = newDatasetGroupArn();
        Clock dayAndAHourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC);
        CursorCodec codec = new CursorCodec(tokenSecret.getBytes(), Duration.ofHours(24), dayAndAHourAgo);
        String expired = codec.encode(SCOPE, new JobFilter(group, Set.of()), ListOrder.NEWEST_FIRST,
                new ListPosition(Instant.now(), "arn:aws:personalize:us-east-1:000000000000:data-deletion-job/x"));
        assertInvalidToken(listRequest(group, 1, expired),
                "The token has expired; start the listing again without a token.");
    }

    private static void assertInvalidToken(Map<String, Object> request, String message) {
        call("ListDataDeletionJobs", request)
                .then().statusCode(400)
                .header("x-amzn-ErrorType", "InvalidNextTokenException")
                .body("__type", equalTo("InvalidNextTokenException"))
                .body("message", equalTo(message));
    }

    private List<DataDeletionJob> seed(String group, int count, int perMillisecond) {
        return SeededJobs.seed(store, group, count, perMillisecond);
    }

    private static List<String> newestFirst(List<DataDeletionJob> jobs) {
        return SeededJobs.newestFirst(jobs).stream().map(DataDeletionJob::arn).toList();
    }
}
