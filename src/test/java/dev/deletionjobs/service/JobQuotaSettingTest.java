package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.testing.TestSettings;

/**
 * What a create asks of the store under each quota setting: a count stopped at the quota, then the insert; no count
 * at all when the quota is off.
 */
class JobQuotaSettingTest {

    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    /** The store's calls, by name and first argument past the scope. */
    private final List<String> calls = new ArrayList<>();
    private long waiting;

    private final DataDeletionJobStore store = (DataDeletionJobStore) Proxy.newProxyInstance(
            DataDeletionJobStore.class.getClassLoader(), new Class<?>[] { DataDeletionJobStore.class },
            (proxy, method, arguments) -> switch (method.getName()) {
                case "countWaiting" -> {
                    calls.add("countWaiting " + arguments[1]);
                    yield Math.min(waiting, (int) arguments[1]);
                }
                case "insert" -> calls.add("insert");
                default -> throw new AssertionError("create called the store's " + method.getName());
            });

    @Test
    void theCountStopsAtTheQuotaAndAFullAccountIsRefusedBeforeTheInsert() {
        DataDeletionJobService service = service(2);
        waiting = 1;
        service.create(SCOPE, request("fits"));
        assertEquals(List.of("countWaiting 2", "insert"), calls);

        calls.clear();
        waiting = 5;
        assertThrows(LimitExceededException.class, () -> service.create(SCOPE, request("past")));
        assertEquals(List.of("countWaiting 2"), calls);
    }

    @Test
    void withTheQuotaOffACreateCountsNothing() {
        waiting = 1_000_000;
        service(0).create(SCOPE, request("any"));
        assertEquals(List.of("insert"), calls);
    }

    private DataDeletionJobService service(int quota) {
        return new DataDeletionJobService(store, null, Clock.systemUTC(),
                new TestSettings().set("personalize.jobs.max-waiting-per-account", quota).config());
    }

    private static NewDataDeletionJob request(String name) {
        return new NewDataDeletionJob(name, "arn:aws:personalize:us-east-1:000000000000:dataset-group/g",
                new NewDataDeletionJob.DataSource("s3://bucket/users.csv"), "arn:aws:iam::000000000000:role/R", null);
    }
}
