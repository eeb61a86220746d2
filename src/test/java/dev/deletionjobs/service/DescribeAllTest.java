package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.TestSettings;

/** A lookup of many jobs by ARN: one store query for all, none for a request that breaks a rule. */
class DescribeAllTest {

    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    /** The ARN sets findByArns was called with; every other call fails the test. */
    private final List<List<String>> lookups = new ArrayList<>();
    private final DataDeletionJobStore store = (DataDeletionJobStore) Proxy.newProxyInstance(
            DataDeletionJobStore.class.getClassLoader(), new Class<?>[] { DataDeletionJobStore.class },
            (proxy, method, arguments) -> {
                if (!method.getName().equals("findByArns")) {
                    throw new AssertionError("a lookup called the store's " + method.getName());
                }
                @SuppressWarnings("unchecked")
                Collection<String> arns = (Collection<String>) arguments[1];
                lookups.add(List.copyOf(arns));
                // Only the even-numbered jobs exist, in no particular order.
                return arns.stream().filter(arn -> arn.endsWith("0") || arn.endsWith("2"))
                        .sorted(Comparator.reverseOrder()).map(DescribeAllTest::job).toList();
            });
    private final DataDeletionJobService service = new DataDeletionJobService(store, null, Clock.systemUTC(),
            TestSettings.defaults());

    @Test
    void aHundredArnsAreOneStoreQueryWithEachArnOnce() {
        List<String> arns = IntStream.range(0, 100).mapToObj(i -> arn("j" + (i % 7))).toList();
        Map<String, DataDeletionJob> found = service.describeAll(SCOPE, "ids", arns, JobReading.WHOLE);
        assertEquals(1, lookups.size());
        assertEquals(IntStream.range(0, 7).mapToObj(i -> arn("j" + i)).toList(), lookups.get(0));
        assertEquals(Map.of(arn("j0"), job(arn("j0")), arn("j2"), job(arn("j2"))), found);
    }

    @Test
    void noArnsAreNoStoreQuery() {
        assertEquals(Map.of(), service.describeAll(SCOPE, "ids", List.of(), JobReading.WHOLE));
        assertEquals(List.of(), lookups);
    }

    @Test
    void tooManyOrBrokenArnsNeverReachTheStore() {
        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                () -> service.describeAll(SCOPE, "ids", Collections.nCopies(101, "not an arn"), JobReading.WHOLE));
        assertTrue(tooMany.getMessage().startsWith("1 validation error detected: Value '[not an arn, not an arn"),
                tooMany::getMessage);
        assertTrue(tooMany.getMessage().endsWith("...' at 'ids' failed to satisfy constraint: Member must have length"
                + " less than or equal to 100"), tooMany::getMessage);
        InvalidInputException broken = assertThrows(InvalidInputException.class,
                () -> service.describeAll(SCOPE, "ids", List.of(arn("ok"), "job", arn("x\u0000")), JobReading.WHOLE));
        assertEquals("2 validation errors detected: Value 'job' at 'ids.2.member' failed to satisfy constraint:"
                + " Member must satisfy regular expression pattern: arn:([a-z\\d-]+):personalize:.*:.*:.+; Value '"
                + arn("x\\u0000") + "' at 'ids.3.member' failed to satisfy constraint: Member must not contain NUL,"
                + " control characters or unpaired surrogates", broken.getMessage());
        assertEquals(List.of(), lookups);
    }

    private static String arn(String name) {
        return SCOPE.dataDeletionJobArn(name);
    }

    private static DataDeletionJob job(String arn) {
        Instant created = Instant.parse("2024-05-02T18:40:00.123Z");
        return new DataDeletionJob(arn, SCOPE, arn.substring(arn.indexOf('/') + 1),
                "arn:aws:personalize:us-east-1:000000000000:dataset-group/g", "s3://bucket/users.csv",
                "arn:aws:iam::000000000000:role/R", List.of(), JobStatus.PENDING, null, null, created, created);
    }
}
