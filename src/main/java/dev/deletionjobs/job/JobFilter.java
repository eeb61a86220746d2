package dev.deletionjobs.job;

import java.time.Instant;
import java.util.Set;

/**
 * What a listing narrows to, besides the caller's scope: one dataset group (or all, when null), a set of statuses
 * (or all, when empty), and a window of creation times, each bound exclusive (open on a side when null). The bounds
 * are whole milliseconds, as creation times are.
 */
public record JobFilter(String datasetGroupArn, Set<JobStatus> statuses, Instant createdAfter,
        Instant createdBefore) {

    public JobFilter {
        statuses = Set.copyOf(statuses);
    }

    /** Whether {@code job} is one this filter lets through. */
    public boolean matches(DataDeletionJob job) {
        return (datasetGroupArn == null || datasetGroupArn.equals(job.datasetGroupArn()))
                && (statuses.isEmpty() || statuses.contains(job.status()))
                && (createdAfter == null || job.creationDateTime().isAfter(createdAfter))
                && (createdBefore == null || job.creationDateTime().isBefore(createdBefore));
    }

    /** A filter with no window of creation times. */
    public JobFilter(String datasetGroupArn, Set<JobStatus> statuses) {
        this(datasetGroupArn, statuses, null, null);
    }
}
