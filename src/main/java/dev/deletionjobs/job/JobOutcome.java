package dev.deletionjobs.job;

import dev.deletionjobs.error.ConstraintViolations;

/** How a job that ran ended: {@code COMPLETED} with its count, or {@code FAILED} with a reason a user can act on. */
public record JobOutcome(JobStatus status, Integer numDeleted, String failureReason) {

    /**
     * The longest failure reason kept, in code points: what the GraphQL answer's bound counts one at. A reason names
     * its location, and may name an S3 object of a folder, whose key may be 1,024 bytes.
     */
    public static final int MAX_FAILURE_REASON = 1_000;

    public static JobOutcome completed(int numDeleted) {
        return new JobOutcome(JobStatus.COMPLETED, numDeleted, null);
    }

    /**
     * Fails with {@code failureReason}: what no store keeps or a JSON answer writes in four bytes (control characters
     * and unpaired surrogates, which an S3 key it names may hold) shown as {@code \\uXXXX}, then cut to
     * {@link #MAX_FAILURE_REASON} code points, its end marked, if longer.
     */
    public static JobOutcome failed(String failureReason) {
        return new JobOutcome(JobStatus.FAILED, null,
                failureReason == null ? null : shortened(ConstraintViolations.printable(failureReason)));
    }

    private static String shortened(String reason) {
        if (reason.codePointCount(0, reason.length()) <= MAX_FAILURE_REASON) {
            return reason;
        }
        return reason.substring(0, reason.offsetByCodePoints(0, MAX_FAILURE_REASON - 1)) + "…";
    }
}
