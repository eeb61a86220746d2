package dev.deletionjobs.job;

/** Where a data deletion job is in its lifecycle: {@code PENDING > IN_PROGRESS > COMPLETED | FAILED}. */
public enum JobStatus {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED
}
