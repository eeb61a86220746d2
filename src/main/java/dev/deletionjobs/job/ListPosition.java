package dev.deletionjobs.job;

import java.time.Instant;

/**
 * A place in the newest-first order of jobs: creation time descending, then ARN descending. The pair is unique
 * (the ARN is), so "strictly after this position" never skips or repeats a job.
 */
public record ListPosition(Instant creationDateTime, String arn) {
}
