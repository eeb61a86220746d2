package dev.deletionjobs.job;

import java.util.Set;

/**
 * What a listing narrows to, besides the caller's scope: one dataset group (or all, when null) and a set of statuses
 * (or all, when empty).
 */
public record JobFilter(String datasetGroupArn, Set<JobStatus> statuses) {

    public JobFilter {
        statuses = Set.copyOf(statuses);
    }
}
