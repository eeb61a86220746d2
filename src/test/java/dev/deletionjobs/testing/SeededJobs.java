package dev.deletionjobs.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;

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

    public static List<DataDeletionJob> newestFirst(List<DataDeletionJob> jobs) {
        return jobs.stream()
                .sorted(Comparator.comparing(DataDeletionJob::creationDateTime)
                        .thenComparing(DataDeletionJob::arn).reversed())
                .toList();
    }
}
