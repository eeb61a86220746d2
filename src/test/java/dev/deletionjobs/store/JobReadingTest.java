package dev.deletionjobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.Tag;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every read of the port returns the whole job, tags included, when asked to, and every member but the tags (null)
 * otherwise, in both stores: the listing, the lookup of one job and of several.
 */
@QuarkusTest
class JobReadingTest {

    private static final AccountScope SCOPE = new AccountScope("121212121212", "eu-west-1");
    private static final List<Tag> TAGS = List.of(new Tag("team", "growth"), new Tag("empty", ""),
            new Tag("\u00e9t\u00e9", "\u2603".repeat(256)));

    @Inject
    DataDeletionJobStore store;

    @Test
    void everyReadReturnsTheTagsOnlyWhenAskedFor() {
        String group = "arn:aws:personalize:eu-west-1:121212121212:dataset-group/dg-" + UUID.randomUUID();
        DataDeletionJob tagged = job(group, "tagged", TAGS, Instant.now());
        DataDeletionJob untagged = job(group, "untagged", List.of(), tagged.creationDateTime().minusMillis(1));
        store.insert(tagged);
        store.insert(untagged);
        List<DataDeletionJob> whole = List.of(tagged, untagged);
        List<DataDeletionJob> lean = whole.stream().map(JobReadingTest::withoutTags).toList();

        JobFilter filter = new JobFilter(group, Set.of());
        assertEquals(whole, store.findPage(SCOPE, filter, null, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, 10,
                JobReading.WHOLE));
        assertEquals(lean, store.findPage(SCOPE, filter, null, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, 10,
                JobReading.WITHOUT_TAGS));
        assertEquals(List.of(lean.get(1), lean.get(0)), store.findPage(SCOPE, filter, null, ListOrder.OLDEST_FIRST,
                ListDirection.FORWARD, 10, JobReading.WITHOUT_TAGS));

        assertEquals(tagged, store.findByArn(SCOPE, tagged.arn(), JobReading.WHOLE).orElseThrow());
        assertEquals(lean.get(0), store.findByArn(SCOPE, tagged.arn(), JobReading.WITHOUT_TAGS).orElseThrow());

        List<String> arns = List.of(tagged.arn(), untagged.arn());
        assertEquals(Set.copyOf(whole), Set.copyOf(store.findByArns(SCOPE, arns, JobReading.WHOLE)));
        assertEquals(Set.copyOf(lean), Set.copyOf(store.findByArns(SCOPE, arns, JobReading.WITHOUT_TAGS)));
    }

    @Test
    void aJobReadWithoutTagsHasNoneRatherThanAnEmptyList() {
        DataDeletionJob tagged = job("arn:aws:personalize:eu-west-1:121212121212:dataset-group/dg-"
                + UUID.randomUUID(), "tagged", TAGS, Instant.now());
        store.insert(tagged);
        // Null, not empty: an answer that showed them by mistake fails rather than shows a job without tags.
        assertNull(store.findByArn(SCOPE, tagged.arn(), JobReading.WITHOUT_TAGS).orElseThrow().tags());
    }

    private static DataDeletionJob job(String group, String prefix, List<Tag> tags, Instant created) {
        String name = prefix + "-" + UUID.randomUUID();
        Instant at = created.truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(SCOPE.dataDeletionJobArn(name), SCOPE, name, group, "s3://bucket/" + name + ".csv",
                "arn:aws:iam::121212121212:role/R", tags, JobStatus.FAILED, null, "The file is empty.", at, at);
    }

    private static DataDeletionJob withoutTags(DataDeletionJob job) {
        return new DataDeletionJob(job.arn(), job.scope(), job.jobName(), job.datasetGroupArn(), job.dataLocation(),
                job.roleArn(), null, job.status(), job.numDeleted(), job.failureReason(), job.creationDateTime(),
                job.lastUpdatedDateTime());
    }
}
