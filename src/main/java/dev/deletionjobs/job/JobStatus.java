package dev.deletionjobs.job;

/** Where a data deletion job is in its lifecycle: {@code PENDING > IN_PROGRESS > COMPLETED | FAILED}. */
public enum JobStatus {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED;

    /** Whether a job in this status has ended: it never changes again, and only now has a count or a reason. */
    public boolean isFinal() {
        return this == COMPLETED || this == FAILED;
    }
}
