package dev.deletionjobs.awsjson;

import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.service.ModelPatterns;

/**
 * The longest answer each AWS operation may write, in bytes of UTF-8, from the bounds of its members: what an
 * operation takes of the replica's budget of answers before it runs, until its answer is built and its length known.
 * Text that may hold any letter is counted at twelve bytes a code point: Jackson writes a letter beyond the BMP as
 * the two six-byte escapes of its surrogates (any other letter takes at most three bytes, a quote or backslash two);
 * a job's ARN and name and a role's ARN are ASCII by their patterns. {@code AwsAnswerLengthsTest} holds each bound to
 * the longest answer the codec writes.
 */
public final class AwsAnswerLengths {

    /** The most bytes one code point of text takes in an answer. */
    private static final long UTF8_MAX = 12;
    /** A member's name, its quotes, colon and the comma before the next: the longest name is 21 characters. */
    private static final long MEMBER = 32;
    /** A number, a status or a timestamp in epoch seconds. */
    private static final long SCALAR = 32;

    private static final long ARN = text(ModelPatterns.ARN_MAX_LENGTH);
    private static final long ANY_ARN = text(UTF8_MAX * ModelPatterns.ARN_MAX_LENGTH);
    private static final long JOB_NAME = text(ModelPatterns.JOB_NAME_MAX_LENGTH);
    private static final long FAILURE_REASON = text(UTF8_MAX * JobOutcome.MAX_FAILURE_REASON);

    /** A list's summary: its ARN, dataset group, name, status, two timestamps and failure reason. */
    static final long SUMMARY = 2 + ARN + ANY_ARN + JOB_NAME + 3 * (MEMBER + SCALAR) + FAILURE_REASON;

    /** {@code ListDataDeletionJobs} at its largest page, with a token to the next. */
    static final long LIST = list(PageRequest.MAX_SIZE);

    /**
     * {@code DescribeDataDeletionJob}: a summary's members, and the data source's location, the role's ARN and the
     * count deleted.
     */
    static final long DESCRIBE = 2 + MEMBER + SUMMARY + MEMBER + 2 + text(UTF8_MAX
            * ModelPatterns.DATA_LOCATION_MAX_LENGTH) + ARN + MEMBER + SCALAR;

    /** {@code CreateDataDeletionJob}: the new job's ARN. */
    static final long CREATE = 2 + ARN;

    /** The longest answer of any operation: what the budget must let an account hold for its every call to run. */
    public static final long LONGEST = Math.max(LIST, Math.max(DESCRIBE, CREATE));

    private AwsAnswerLengths() {
    }

    /**
     * {@code ListDataDeletionJobs} asking for {@code maxResults} (the default page when absent; one that the
     * operation refuses counts as the nearest it allows, its answer an error's).
     */
    static long list(Integer maxResults) {
        int size = maxResults == null ? PageRequest.DEFAULT_SIZE
                : Math.max(1, Math.min(maxResults, PageRequest.MAX_SIZE));
        return 2 + MEMBER + 2 + size * (SUMMARY + 1) + text(ModelPatterns.NEXT_TOKEN_MAX_LENGTH);
    }

    /** A member holding a string of at most {@code bytes} bytes. */
    private static long text(long bytes) {
        return MEMBER + 2 + bytes;
    }
}
