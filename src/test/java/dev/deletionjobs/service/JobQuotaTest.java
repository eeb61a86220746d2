package dev.deletionjobs.service;

import static dev.deletionjobs.service.JobQuotaTestProfile.QUOTA;
import static dev.deletionjobs.testing.GraphQLCalls.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.PersonalizeClients;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.InvalidInputException;
import software.amazon.awssdk.services.personalize.model.LimitExceededException;
import software.amazon.awssdk.services.personalize.model.ResourceNotFoundException;

/**
 * The quota of waiting jobs, as a caller meets it through the AWS SDK and GraphQL: a create past it is refused and
 * stores nothing, jobs that ended do not count, other accounts have quotas of their own, and an account has one quota
 * across regions. Each test starts from an account with nothing waiting: the one before it ends its jobs through the
 * store.
 */
@QuarkusTest
@TestProfile(JobQuotaTestProfile.class)
class JobQuotaTest {

    private static final String GROUP = "arn:aws:personalize:us-east-1:000000000000:dataset-group/quota";
    private static final String ROLE = "arn:aws:iam::000000000000:role/PersonalizeDeletion";
    private static final String REFUSAL = "The account has " + QUOTA + " data deletion jobs waiting or running, in all"
            + " regions, the most it may have: create more once some have finished.";
    private static final String OWNER = "quota-test";
    private static final String CREATE = """
            mutation($input: CreateDataDeletionJobInput!) {
              createDataDeletionJob(input: $input) { arn status }
            }""";

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    DataDeletionJobStore store;

    private PersonalizeClient personalize;
    private final String testRun = UUID.randomUUID().toString();
    /** Jobs a test claimed and left running. */
    private final List<DataDeletionJob> running = new ArrayList<>();

    @BeforeEach
    void connect() {
        personalize = PersonalizeClients.unauthenticated(endpoint);
    }

    @AfterEach
    void endEveryWaitingJob() {
        personalize.close();
        running.forEach(this::finish);
        while (finishOne().isPresent()) {
            // until no job of any account waits
        }
    }

    @Test
    void aCreatePastTheQuotaIsRefusedThroughTheSdkAndStoresNothing() {
        for (int i = 0; i < QUOTA; i++) {
            create("fits-" + i);
        }
        LimitExceededException refused = assertThrows(LimitExceededException.class, () -> create("past"));
        assertEquals(400, refused.statusCode());
        assertEquals("LimitExceededException", refused.awsErrorDetails().errorCode());
        assertEquals(REFUSAL, refused.awsErrorDetails().errorMessage());
        assertThrows(ResourceNotFoundException.class, () -> personalize.describeDataDeletionJob(request -> request
                .dataDeletionJobArn(SeededJobs.SCOPE.dataDeletionJobArn("past-" + testRun))));
        assertEquals(QUOTA, store.countWaiting(SeededJobs.SCOPE.accountId(), 100));
    }

    @Test
    void jobsThatEndedDoNotCountAndEachOneThatEndsMakesRoom() {
        SeededJobs.seed(store, GROUP, 10, 1, JobStatus.COMPLETED, JobStatus.FAILED);
        for (int i = 0; i < QUOTA; i++) {
            create("fits-" + i);
        }
        assertThrows(LimitExceededException.class, () -> create("past"));

        assertTrue(finishOne().isPresent());
        create("after-one-ended");
        assertThrows(LimitExceededException.class, () -> create("past-again"));
    }

    @Test
    void runningJobsCountAsWaitingOnes() {
        for (int i = 0; i < QUOTA - 1; i++) {
            create("runs-" + i);
            running.add(claim().orElseThrow());
        }
        create("last-that-fits");
        assertThrows(LimitExceededException.class, () -> create("past"));
    }

    @Test
    void otherAccountsHaveTheirOwnQuota() {
        for (int i = 0; i < QUOTA + 2; i++) {
            assertTrue(store.insert(job(new AccountScope("111111111111", "us-east-1"), "other-" + UUID.randomUUID())));
        }
        for (int i = 0; i < QUOTA; i++) {
            create("fits-" + i);
        }
        assertThrows(LimitExceededException.class, () -> create("past"));
    }

    @Test
    void theAccountsRegionsShareOneQuota() {
        // Any name of a region's shape is a region a key without a list of regions may sign for: a quota per region
        // would let a caller queue jobs without bound, a region at a time.
        for (int i = 0; i < QUOTA - 1; i++) {
            assertTrue(store.insert(job(new AccountScope(SeededJobs.SCOPE.accountId(), "zz-made-up-" + (i + 1)),
                    "elsewhere-" + UUID.randomUUID())));
        }
        create("last-that-fits");
        LimitExceededException refused = assertThrows(LimitExceededException.class, () -> create("past"));
        assertEquals(REFUSAL, refused.awsErrorDetails().errorMessage());
    }

    @Test
    void aRequestWithAMistakeHearsOfItBeforeTheQuota() {
        for (int i = 0; i < QUOTA; i++) {
            create("fits-" + i);
        }
        assertThrows(InvalidInputException.class, () -> create("-not-a-name"));
        // Its name taken or not, a create past the quota is refused as one: the quota is read before the insert.
        assertThrows(LimitExceededException.class, () -> create("fits-0"));
    }

    @Test
    void graphqlRefusesTheSameCreateWithTheSameCode() {
        for (int i = 0; i < QUOTA; i++) {
            create("fits-" + i);
        }
        Map<String, Object> input = new HashMap<>();
        input.put("jobName", "past-by-graphql");
        input.put("datasetGroupArn", GROUP);
        input.put("dataSource", Map.of("dataLocation", "s3://bucket/past.csv"));
        input.put("roleArn", ROLE);
        assertRefused(CREATE, Map.of("input", input), "LimitExceededException", REFUSAL);
        assertEquals(QUOTA, store.countWaiting(SeededJobs.SCOPE.accountId(), 100));
    }

    @Test
    void theCountStopsAtWhatItIsAskedFor() {
        SeededJobs.seed(store, GROUP, 10, 1, JobStatus.PENDING, JobStatus.PENDING, JobStatus.COMPLETED);
        running.add(claim().orElseThrow());
        // 10 jobs in a cycle of three statuses: 7 waiting, of which one now running.
        assertEquals(7, store.countWaiting(SeededJobs.SCOPE.accountId(), 100));
        assertEquals(7, store.countWaiting(SeededJobs.SCOPE.accountId(), 7));
        assertEquals(5, store.countWaiting(SeededJobs.SCOPE.accountId(), 5));
        assertEquals(2, store.countWaiting(SeededJobs.SCOPE.accountId(), 2));
        assertEquals(0, store.countWaiting("222222222222", 100));
    }

    /** Creates {@code name}, made this test's own by a suffix, so no test meets the names of another. */
    private void create(String name) {
        personalize.createDataDeletionJob(request -> request
                .jobName(name + "-" + testRun)
                .datasetGroupArn(GROUP)
                .dataSource(source -> source.dataLocation("s3://bucket/" + name + ".csv"))
                .roleArn(ROLE));
    }

    /** Claims the oldest waiting job of any account and ends it; empty when none waits. */
    private Optional<DataDeletionJob> finishOne() {
        Optional<DataDeletionJob> claimed = claim();
        claimed.ifPresent(this::finish);
        return claimed;
    }

    /** Claims the oldest waiting job of any account, as a worker does, and leaves it running. */
    private Optional<DataDeletionJob> claim() {
        return store.claimNext(OWNER, Duration.ofMinutes(1), 1000, 1000, Instant.now());
    }

    private void finish(DataDeletionJob job) {
        assertTrue(store.finish(job.arn(), OWNER, JobOutcome.completed(0), Instant.now()));
    }

    private static DataDeletionJob job(AccountScope scope, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name, GROUP, "s3://bucket/" + name + ".csv",
                ROLE, List.of(), JobStatus.PENDING, null, null, now, now);
    }
}
