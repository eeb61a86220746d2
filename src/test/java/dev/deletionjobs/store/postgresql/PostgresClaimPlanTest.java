package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.BulkLoads;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A flooding tenant costs the claim no more than a quiet one, held to PostgreSQL's own account of it: with 100,000
 * jobs of one account waiting, finding the accounts with waiting work reads the queue index once per account, never
 * the queue, the claim still reaches another account's newer job once the flooding one is at its cap, the quota's
 * count of the flooding account's queue stops at the quota, and pruning a long history reads that history only.
 */
@QuarkusTest
@TestProfile(ClaimPlanTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresClaimPlanTest {

    private static final int FLOOD = 100_000;
    private static final String FLOODING = "444455556666";
    private static final String QUIET = "777788889999";
    /** An account with a long history: twice {@link #KEPT} finished jobs, half of them failed. */
    private static final String HISTORIC = "123412341234";
    private static final int KEPT = 10_000;
    private static final int HISTORY = 2 * KEPT;
    private static final JobFilter EVERY_JOB = new JobFilter(null, Set.of());

    @Inject
    EntityManager entityManager;

    @Inject
    DataDeletionJobStore store;

    @BeforeAll
    void loadQueue() {
        BulkLoads.run(entityManager, () -> {
            insert(FLOODING, "flood", FLOOD, "2026-01-01 00:00:00+00");
            insert(QUIET, "quiet", 1, "2026-06-01 00:00:00+00");
            insert(HISTORIC, "done", KEPT, "2026-02-01 00:00:00+00", "COMPLETED");
            insert(HISTORIC, "broken", KEPT, "2026-03-01 00:00:00+00", "FAILED");
            entityManager.createNativeQuery("ANALYZE data_deletion_jobs").executeUpdate();
        });
    }

    @Test
    void findingTheWaitingAccountsReadsTheIndexOncePerAccount() {
        String plan = explain(PostgresDataDeletionJobRepository.WAITING_ACCOUNTS, 3);
        assertFalse(plan.contains("Seq Scan"), "no sequential scan: " + plan);
        assertTrue(plan.contains("data_deletion_jobs_work_queue_by_account"), plan);
        int read = rowsRead(plan);
        assertTrue(read > 0, plan);
        assertTrue(read < 20, "a few index rows per account, not the " + FLOOD + " jobs of the queue: " + plan);
    }

    @Test
    void theQuotasCountReadsNoFurtherThanTheQuotaWhateverTheQueue() {
        String floodingPlan = explain(JobSql.countWaiting(FLOODING, 1_000));
        assertEquals(1_000, rowsRead(floodingPlan), "the quota's worth of rows, not the " + FLOOD + " jobs: "
                + floodingPlan);
        // A quiet account beside the flood: found by an index, not by reading the flood past.
        String quietPlan = explain(JobSql.countWaiting(QUIET, 1_000));
        assertFalse(quietPlan.contains("Seq Scan"), "no sequential scan: " + quietPlan);
        assertEquals(1, rowsRead(quietPlan), quietPlan);
        assertEquals(1_000, store.countWaiting(FLOODING, 1_000));
        assertEquals(1, store.countWaiting(QUIET, 1_000));
    }

    @Test
    void theOldestWaitingJobOfAllIsOneIndexEntry() {
        String plan = explain(PostgresDataDeletionJobRepository.OLDEST_PENDING);
        assertTrue(plan.contains("data_deletion_jobs_pending"), plan);
        assertEquals(1, rowsRead(plan), plan);
    }

    @Test
    void theQuietAccountsJobIsClaimedOnceTheFloodingOneIsAtItsCap() {
        DataDeletionJob first = store.claimNext("plan-worker", Duration.ofMinutes(1), 1, 3, Instant.now()).orElseThrow();
        assertEquals(FLOODING, first.scope().accountId(), "the oldest job first");
        DataDeletionJob second = store.claimNext("plan-worker", Duration.ofMinutes(1), 1, 3, Instant.now())
                .orElseThrow();
        assertEquals(QUIET, second.scope().accountId(), "the flooding account is at its cap of 1");
        assertTrue(store.claimNext("plan-worker", Duration.ofMinutes(1), 1, 3, Instant.now()).isEmpty(),
                "both accounts at their cap");
    }

    @Test
    void pruningAHistoryReadsThatHistoryAndNoWaitingJob() {
        AccountScope historic = new AccountScope(HISTORIC, "us-east-1");
        String plan = explainAndRollBack(PostgresDataDeletionJobRepository.PRUNE_FINISHED, HISTORIC, KEPT, 100);
        assertTrue(plan.contains("data_deletion_jobs_finished_by_account"), plan);
        assertFalse(plan.contains("Seq Scan"), "no sequential scan: " + plan);
        // Each of the account's finished jobs read once from the index and once from the table at most, and the
        // deleted ones once more: none of the flood's 100,000 jobs.
        int read = rowsRead(plan);
        assertTrue(read >= KEPT + 100 && read <= 2 * HISTORY + 100, "the account's finished jobs: " + plan);
        // The flooding account's 100,000 waiting jobs are nothing to prune, and pruning them reads none.
        String floodPlan = explainAndRollBack(PostgresDataDeletionJobRepository.PRUNE_FINISHED, FLOODING, 0, 100);
        assertEquals(0, rowsRead(floodPlan), floodPlan);
        assertEquals(0, store.pruneFinished(FLOODING, 0, 100));

        int pruned = 0;
        for (int batch; (batch = store.pruneFinished(HISTORIC, KEPT, 1_000)) > 0;) {
            pruned += batch;
        }
        assertEquals(KEPT, pruned);
        assertEquals(KEPT, store.count(historic, EVERY_JOB));
        // The failed jobs finished last, a month after the completed ones.
        Map<JobStatus, Long> kept = store.countByStatus(historic, EVERY_JOB).byStatus();
        assertEquals(KEPT, kept.get(JobStatus.FAILED));
        assertEquals(0, kept.get(JobStatus.COMPLETED));
    }

    private void insert(String account, String name, int count, String from) {
        insert(account, name, count, from, "PENDING");
    }

    private void insert(String account, String name, int count, String from, String status) {
        entityManager.createNativeQuery("""
                INSERT INTO data_deletion_jobs (arn, account_id, region, job_name, dataset_group_arn, data_location,
                                                role_arn, status, creation_date_time, last_updated_date_time)
                SELECT 'arn:aws:personalize:us-east-1:' || ?1 || ':data-deletion-job/' || ?2 || '-' || i,
                       ?1, 'us-east-1', ?2 || '-' || i, 'arn:aws:personalize:us-east-1:' || ?1 || ':dataset-group/g',
                       's3://bucket/users.csv', 'arn:aws:iam::' || ?1 || ':role/R', ?5,
                       CAST(?3 AS timestamptz) + i * INTERVAL '1 millisecond',
                       CAST(?3 AS timestamptz) + i * INTERVAL '1 millisecond'
                  FROM generate_series(1, ?4) AS i""")
                .setParameter(1, account)
                .setParameter(2, name)
                .setParameter(3, from)
                .setParameter(4, count)
                .setParameter(5, status)
                .executeUpdate();
    }

    /**
     * The rows the plan's scans of tables and indexes read: those each returned and those its filter removed, over
     * all its loops (EXPLAIN gives both per loop).
     */
    private static int rowsRead(String plan) {
        Pattern node = Pattern.compile("\\(actual time=\\S+ rows=(\\d+) loops=(\\d+)\\)");
        Pattern removed = Pattern.compile("Rows Removed by Filter: (\\d+)");
        int read = 0;
        int loops = 1;
        for (String line : plan.split("\n")) {
            Matcher matched = node.matcher(line);
            if (matched.find()) {
                loops = Integer.parseInt(matched.group(2));
                String operation = line.substring(0, matched.start());
                // A subquery scan reads its subquery's rows, already counted, not a relation.
                boolean scan = operation.contains("Scan") && !operation.contains("Subquery Scan");
                read += scan ? Integer.parseInt(matched.group(1)) * loops : 0;
            } else if ((matched = removed.matcher(line)).find()) {
                read += Integer.parseInt(matched.group(1)) * loops;
            }
        }
        return read;
    }

    private String explain(JobSql statement) {
        return explain(statement.sql(), statement.parameters().toArray());
    }

    /** EXPLAIN ANALYZE of the store's own statement, in a transaction of its own. */
    private String explain(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> plan(sql, parameters));
    }

    /** EXPLAIN ANALYZE of a statement that changes rows, in a transaction rolled back after it. */
    private String explainAndRollBack(String sql, Object... parameters) {
        QuarkusTransaction.begin();
        try {
            return plan(sql, parameters);
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    /** EXPLAIN ANALYZE of {@code sql}, bound as the store binds it, in the current transaction. */
    @SuppressWarnings("unchecked")
    private String plan(String sql, Object... parameters) {
        List<String> lines = PostgresDataDeletionJobRepository.bind(
                entityManager.createNativeQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sql), parameters).getResultList();
        return String.join("\n", lines);
    }
}
