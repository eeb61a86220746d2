package dev.deletionjobs.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;

/** Jobs stored straight through the store, for tests that need many, in set statuses or at set times. */
public final class SeededJobs {

    public static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    private SeededJobs() {
    }

    /**
     * Stores {@code count} jobs of {@code group}, {@code perMillisecond} of them sharing each creation time, counting
     * back from now, their statuses cycling through {@code statuses}; returns them newest first.
     */
    public static List<DataDeletionJob> seed(DataDeletionJobStore store, String group, int count,
            int perMillisecond, JobStatus... statuses) {
        Instant newest = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        JobStatus[] cycle = statuses.length == 0 ? new JobStatus[] { JobStatus.PENDING } : statuses;
        List<DataDeletionJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant created = newest.minusMillis(i / perMillisecond);
            String name = "seeded-" + UUID.randomUUID();
            JobStatus status = cycle[i % cycle.length];
            DataDeletionJob job = new DataDeletionJob(SCOPE.dataDeletionJobArn(name), SCOPE, name, group,
                    "s3://bucket/" + name + ".csv", "arn:aws:iam::000000000000:role/R", List.of(), status,
                    status == JobStatus.COMPLETED ? 42 : null, status == JobStatus.FAILED ? "The file is empty." : null,
                    created, created);
            if (!store.insert(job)) {
                throw new AssertionError("seeded twice: " + job.arn());
            }
            jobs.add(job);
        }
        return newestFirst(jobs);
    }

    /**
     * Stores {@code count} jobs of {@code group}, each with the most tags a job may have (200), made by {@code tag} from
     * their index, created a millisecond apart counting back from now: pages of them are as long as pages get.
     */
    public static void seedWithTags(DataDeletionJobStore store, String group, int count, IntFunction<Tag> tag) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int j = 0; j < count; j++) {
            List<Tag> tags = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                tags.add(tag.apply(t));
            }
            String name = "long-tags-" + UUID.randomUUID();
            Instant created = now.minusMillis(j);
            store.insert(new DataDeletionJob(SCOPE.dataDeletionJobArn(name), SCOPE, name, group,
                    "s3://bucket/users.csv", "arn:aws:iam::000000000000:role/R", tags, JobStatus.PENDING, null, null,
                    created, created));
        }
    }

    /** A tag at its longest in ASCII (a key of 128 characters, a value of 256), told apart by {@code index}. */
    public static Tag longestAsciiTag(int index) {
        return new Tag(String.format("%03d", index) + "k".repeat(125), "v".repeat(256));
    }

    public static List<DataDeletionJob> newestFirst(List<DataDeletionJob> jobs) {
        return jobs.stream()
                .sorted(Comparator.comparing(DataDeletionJob::creationDateTime)
                        .thenComparing(DataDeletionJob::arn).reversed())
                .toList();
    }
}
