package dev.deletionjobs.job;

import java.time.Instant;

/**
 * A place in a listing of jobs, ordered by creation time, then ARN (both descending newest first, ascending oldest
 * first). The pair is unique (the ARN is), so "strictly after this position" never skips or repeats a job.
 */
public record ListPosition(Instant creationDateTime, String arn) {
}
