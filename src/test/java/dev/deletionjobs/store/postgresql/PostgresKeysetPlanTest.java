package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import dev.deletionjobs.testing.BulkLoads;
import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * "Page 1,000 costs what page 1 does", held to PostgreSQL's own account of it: on 100,000 jobs, the plan of a deep
 * keyset page, newest or oldest first, is an index scan that starts at the page (the row comparison is its index
 * condition) and reads only the page's rows, with no sort and no sequential scan; a window of creation times is a
 * range of that scan (its index condition too). The statement explained is the one the store runs, built by the
 * same {@link JobSql} and bound the same way.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresKeysetPlanTest {

    private static final int JOBS = 100_000;
    private static final int PAGE = 100;
    /** An account of this test's own, so other suites' jobs in the same database change nothing here. */
    private static final AccountScope SCOPE = new AccountScope("111122223333", "us-west-2");
    private static final String GROUP = "arn:aws:personalize:us-west-2:111122223333:dataset-group/plan";
    private static final JobFilter EVERY_JOB = new JobFilter(null, Set.of());

    @Inject
    EntityManager entityManager;

    @Inject
    DataSource dataSource;

    @Inject
    DataDeletionJobStore store;

    @BeforeAll
    void loadJobs() {
        // Two jobs a second, so ties on creation time are broken by the ARN, as in real listings.
        BulkLoads.run(entityManager, () -> {
            entityManager.createNativeQuery("""
                    INSERT INTO data_deletion_jobs (arn, account_id, region, job_name, dataset_group_arn,
                                                    data_location, role_arn, status, creation_date_time,
                                                    last_updated_date_time)
                    SELECT 'arn:aws:personalize:us-west-2:111122223333:data-deletion-job/plan-' || i,
                           '111122223333', 'us-west-2', 'plan-' || i,
                           CASE WHEN i % 2 = 0 THEN ?1 ELSE ?1 || '-other' END,
                           's3://bucket/users.csv', 'arn:aws:iam::111122223333:role/R', 'COMPLETED',
                           TIMESTAMPTZ '2026-01-01 00:00:00+00' + (i / 2) * INTERVAL '1 second',
                           TIMESTAMPTZ '2026-01-01 00:00:00+00' + (i / 2) * INTERVAL '1 second'
                      FROM generate_series(1, ?2) AS i""")
                    .setParameter(1, GROUP)
                    .setParameter(2, JOBS)
                    .executeUpdate();
            entityManager.createNativeQuery("ANALYZE data_deletion_jobs").executeUpdate();
        });
    }

    @Test
    void aDeepPageOfTheAccountIsAnIndexScanFromThePage() {
        ListPosition deep = positionAt(EVERY_JOB, 90_000);
        String plan = explain(JobSql.page(SCOPE, EVERY_JOB, deep, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, PAGE + 1,
                JobReading.WITHOUT_TAGS));
        assertWalksTheIndexFromThePage(plan, "data_deletion_jobs_by_account_newest_first");
        assertTheStoreReturnsThePageAfter(EVERY_JOB, deep);
    }

    @Test
    void aDeepPageOfADatasetGroupIsAnIndexScanFromThePage() {
        JobFilter group = new JobFilter(GROUP, Set.of());
        ListPosition deep = positionAt(group, 45_000);
        String plan = explain(JobSql.page(SCOPE, group, deep, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, PAGE + 1,
                JobReading.WITHOUT_TAGS));
        assertWalksTheIndexFromThePage(plan, "data_deletion_jobs_by_dataset_group_newest_first");
        assertTheStoreReturnsThePageAfter(group, deep);
    }

    @Test
    void aDeepPageBackwardIsAnIndexScanFromThePage() {
        ListPosition deep = positionAt(EVERY_JOB, 90_000);
        String plan = explain(JobSql.page(SCOPE, EVERY_JOB, deep, ListOrder.NEWEST_FIRST, ListDirection.BACKWARD, PAGE + 1,
                JobReading.WITHOUT_TAGS));
        // The same index, walked the other way.
        assertTrue(plan.contains("Index Scan Backward using data_deletion_jobs_by_account_newest_first"), plan);
        assertWalksTheIndexFromThePage(plan, "data_deletion_jobs_by_account_newest_first");
    }

    @Test
    void aDeepPageOldestFirstIsTheSameIndexScanBackwardFromThePage() {
        assertOldestFirstWalksBackwardFromThePage(EVERY_JOB, 10_000, "data_deletion_jobs_by_account_newest_first");
        assertOldestFirstWalksBackwardFromThePage(new JobFilter(GROUP, Set.of()), 5_000,
                "data_deletion_jobs_by_dataset_group_newest_first");
    }

    @Test
    void aDeepPageOldestFirstPagedBackwardWalksTheIndexForward() {
        ListPosition deep = positionAt(EVERY_JOB, 10_000);
        String plan = explain(JobSql.page(SCOPE, EVERY_JOB, deep, ListOrder.OLDEST_FIRST, ListDirection.BACKWARD,
                PAGE + 1, JobReading.WITHOUT_TAGS));
        assertFalse(plan.contains("Backward"), plan);
        assertWalksTheIndexFromThePage(plan, "data_deletion_jobs_by_account_newest_first");
    }

    @Test
    void aWindowIsARangeOfTheIndexScan() {
        // A window of 20,000 jobs deep in the account, and a deep page inside it, in both orders.
        Instant after = positionAt(EVERY_JOB, 60_000).creationDateTime();
        Instant before = positionAt(EVERY_JOB, 40_000).creationDateTime();
        JobFilter window = new JobFilter(null, Set.of(), after, before);
        for (ListOrder order : ListOrder.values()) {
            String firstPage = explain(
                    JobSql.page(SCOPE, window, null, order, ListDirection.FORWARD, PAGE + 1, JobReading.WITHOUT_TAGS));
            assertTheWindowIsTheIndexCondition(firstPage);
            assertReadsOnlyThePage(firstPage, "data_deletion_jobs_by_account_newest_first");

            ListPosition deep = positionAt(EVERY_JOB, 50_000);
            String deepPage = explain(
                    JobSql.page(SCOPE, window, deep, order, ListDirection.FORWARD, PAGE + 1, JobReading.WITHOUT_TAGS));
            assertTheWindowIsTheIndexCondition(deepPage);
            assertWalksTheIndexFromThePage(deepPage, "data_deletion_jobs_by_account_newest_first");
            assertTheStoreReturnsThePageAfter(window, deep, order);
        }
        JobFilter groupWindow = new JobFilter(GROUP, Set.of(), after, before);
        String groupPage = explain(JobSql.page(SCOPE, groupWindow, null, ListOrder.NEWEST_FIRST,
                ListDirection.FORWARD, PAGE + 1, JobReading.WITHOUT_TAGS));
        assertTheWindowIsTheIndexCondition(groupPage);
        assertReadsOnlyThePage(groupPage, "data_deletion_jobs_by_dataset_group_newest_first");
    }

    @Test
    void theFirstPageIsTheSameIndexScanFromTheTop() {
        String plan = explain(JobSql.page(SCOPE, EVERY_JOB, null, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, PAGE + 1,
                JobReading.WITHOUT_TAGS));
        assertReadsOnlyThePage(plan, "data_deletion_jobs_by_account_newest_first");
    }

    private void assertWalksTheIndexFromThePage(String plan, String index) {
        assertTrue(Pattern.compile("Index Cond: .*ROW\\(creation_date_time, arn\\) [<>] ROW\\(").matcher(plan).find(),
                "the keyset is the index condition, so the scan starts at the page: " + plan);
        assertReadsOnlyThePage(plan, index);
    }

    /** The page oldest first after the {@code depth}-th job: {@code index} walked backward from the page. */
    private void assertOldestFirstWalksBackwardFromThePage(JobFilter filter, int depth, String index) {
        ListPosition deep = positionAt(filter, depth);
        String plan = explain(JobSql.page(SCOPE, filter, deep, ListOrder.OLDEST_FIRST, ListDirection.FORWARD,
                PAGE + 1, JobReading.WITHOUT_TAGS));
        assertTrue(plan.contains("Index Scan Backward using " + index), plan);
        assertWalksTheIndexFromThePage(plan, index);
        assertTheStoreReturnsThePageAfter(filter, deep, ListOrder.OLDEST_FIRST);
    }

    private static void assertTheWindowIsTheIndexCondition(String plan) {
        assertTrue(Pattern.compile("Index Cond: .*creation_date_time > .*creation_date_time < ").matcher(plan).find(),
                "the window bounds the index scan, not a filter after it: " + plan);
        assertFalse(plan.contains("Filter:"), "no row is read to be thrown away: " + plan);
    }

    private void assertReadsOnlyThePage(String plan, String index) {
        assertTrue(plan.contains("using " + index + " on data_deletion_jobs"), plan);
        assertFalse(plan.contains("Sort"), "no sort: " + plan);
        assertFalse(plan.contains("Seq Scan"), "no sequential scan: " + plan);
        Matcher scanned = Pattern.compile("Index Scan.*actual time=\\S+ rows=(\\d+)").matcher(plan);
        assertTrue(scanned.find(), plan);
        assertEquals(PAGE + 1, Integer.parseInt(scanned.group(1)),
                "the scan reads the page (and one probe row), not the " + JOBS + " jobs before it: " + plan);
    }

    private void assertTheStoreReturnsThePageAfter(JobFilter filter, ListPosition from) {
        assertTheStoreReturnsThePageAfter(filter, from, ListOrder.NEWEST_FIRST);
    }

    /** The store's own page after {@code from} is the next {@value #PAGE} jobs of the order, in the filter. */
    private void assertTheStoreReturnsThePageAfter(JobFilter filter, ListPosition from, ListOrder order) {
        List<DataDeletionJob> page = store.findPage(SCOPE, filter, from, order, ListDirection.FORWARD, PAGE,
                JobReading.WITHOUT_TAGS);
        assertEquals(PAGE, page.size());
        int sign = order == ListOrder.NEWEST_FIRST ? -1 : 1;
        ListPosition previous = from;
        for (DataDeletionJob job : page) {
            ListPosition position = job.position();
            int byTime = Integer.signum(position.creationDateTime().compareTo(previous.creationDateTime()));
            assertTrue(byTime == sign || byTime == 0 && Integer.signum(position.arn().compareTo(previous.arn())) == sign,
                    order + ", ARN in the same direction on ties");
            assertTrue(filter.createdAfter() == null || position.creationDateTime().isAfter(filter.createdAfter()));
            assertTrue(filter.createdBefore() == null || position.creationDateTime().isBefore(filter.createdBefore()));
            previous = position;
        }
    }

    /** The position of the {@code index}-th job (0-based) of the newest-first listing. */
    private ListPosition positionAt(JobFilter filter, int index) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object[] row = (Object[]) entityManager.createNativeQuery("SELECT creation_date_time, arn FROM"
                    + " data_deletion_jobs WHERE account_id = ?1 AND region = ?2"
                    + " AND (CAST(?3 AS text) IS NULL OR dataset_group_arn = ?3)"
                    + " ORDER BY creation_date_time DESC, arn DESC OFFSET " + index + " LIMIT 1")
                    .setParameter(1, SCOPE.accountId())
                    .setParameter(2, SCOPE.region())
                    .setParameter(3, filter.datasetGroupArn())
                    .getSingleResult();
            return new ListPosition(toInstant(row[0]), (String) row[1]);
        });
    }

    /** EXPLAIN ANALYZE of {@code query}, prepared and bound as the store prepares and binds it. */
    private String explain(JobSql query) {
        JobSql explained = new JobSql("EXPLAIN (ANALYZE, COSTS OFF) " + query.sql(), query.parameters());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = explained.prepare(connection);
                ResultSet result = statement.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (result.next()) {
                lines.add(result.getString(1));
            }
            return String.join("\n", lines);
        } catch (SQLException e) {
            throw new IllegalStateException("EXPLAIN failed: " + query.sql(), e);
        }
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
