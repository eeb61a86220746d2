package dev.deletionjobs.job;

/** How a job that ran ended: {@code COMPLETED} with its count, or {@code FAILED} with a reason a user can act on. */
public record JobOutcome(JobStatus status, Integer numDeleted, String failureReason) {

    public static JobOutcome completed(int numDeleted) {
        return new JobOutcome(JobStatus.COMPLETED, numDeleted, null);
    }

    public static JobOutcome failed(String failureReason) {
        return new JobOutcome(JobStatus.FAILED, null, failureReason);
    }
}
