package dev.deletionjobs.job;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** How many jobs of a filter are in each status: every status, those with no job at zero. */
public record StatusCounts(Map<JobStatus, Long> byStatus) {

    public StatusCounts {
        Map<JobStatus, Long> every = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            every.put(status, byStatus.getOrDefault(status, 0L));
        }
        byStatus = Collections.unmodifiableMap(every);
    }

    /** The jobs of every status. */
    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
