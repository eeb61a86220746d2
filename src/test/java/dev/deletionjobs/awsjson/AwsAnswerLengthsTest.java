package dev.deletionjobs.awsjson;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.service.ModelPatterns;

/**
 * Each operation's bound is at least the longest answer the codec writes for it: every member present at its
 * longest, text that may hold any letter in letters beyond the BMP (twelve bytes each as written: a quote, in two, is
 * shorter), timestamps of the widest value in milliseconds. A member added to an answer without its bound fails here.
 */
class AwsAnswerLengthsTest {

    /** A letter beyond the BMP: four bytes of UTF-8. */
    private static final String WIDE = "\uD83D\uDE00";
    /** The earliest instant in milliseconds: a sign, 16 digits of seconds and a fraction, 21 characters. */
    private static final Instant WIDEST_TIME = Instant.ofEpochMilli(Long.MIN_VALUE);

    private final AwsJsonCodec codec = new AwsJsonCodec();

    @Test
    void aListAtItsLongestFitsItsBound() {
        List<Shapes.DataDeletionJobSummary> summaries = Collections.nCopies(PageRequest.MAX_SIZE, longestSummary());
        int length = codec.write(new Shapes.ListDataDeletionJobsResponse(summaries,
                "t".repeat(ModelPatterns.NEXT_TOKEN_MAX_LENGTH))).length();
        assertFits(length, AwsAnswerLengths.LIST);
    }

    @Test
    void aPageOfAnySizeFitsTheBoundForThatSize() {
        for (int size : new int[] { 1, 37, PageRequest.MAX_SIZE }) {
            int length = codec.write(new Shapes.ListDataDeletionJobsResponse(Collections.nCopies(size,
                    longestSummary()), "t".repeat(ModelPatterns.NEXT_TOKEN_MAX_LENGTH))).length();
            assertFits(length, AwsAnswerLengths.list(size));
        }
        assertTrue(AwsAnswerLengths.list(null) == AwsAnswerLengths.list(PageRequest.DEFAULT_SIZE)
                && AwsAnswerLengths.list(0) == AwsAnswerLengths.list(1)
                && AwsAnswerLengths.list(101) == AwsAnswerLengths.LIST, "a page the operation refuses");
    }

    @Test
    void aDescriptionAtItsLongestFitsItsBound() {
        Shapes.DataDeletionJobSummary summary = longestSummary();
        int length = codec.write(new Shapes.DescribeDataDeletionJobResponse(new Shapes.DataDeletionJob(
                summary.jobName(), summary.dataDeletionJobArn(), summary.datasetGroupArn(),
                new Shapes.DataSource(WIDE.repeat(ModelPatterns.DATA_LOCATION_MAX_LENGTH)),
                "r".repeat(ModelPatterns.ARN_MAX_LENGTH), summary.status(), Integer.MIN_VALUE,
                summary.creationDateTime(), summary.lastUpdatedDateTime(), summary.failureReason()))).length();
        assertFits(length, AwsAnswerLengths.DESCRIBE);
    }

    @Test
    void aCreatesAnswerFitsItsBound() {
        int length = codec.write(new Shapes.CreateDataDeletionJobResponse("a".repeat(ModelPatterns.ARN_MAX_LENGTH)))
                .length();
        assertFits(length, AwsAnswerLengths.CREATE);
    }

    @Test
    void theLongestIsTheListsPage() {
        assertTrue(AwsAnswerLengths.LONGEST == AwsAnswerLengths.LIST
                && AwsAnswerLengths.LIST > AwsAnswerLengths.DESCRIBE);
    }

    private static Shapes.DataDeletionJobSummary longestSummary() {
        return new Shapes.DataDeletionJobSummary("a".repeat(ModelPatterns.ARN_MAX_LENGTH),
                WIDE.repeat(ModelPatterns.ARN_MAX_LENGTH), "n".repeat(ModelPatterns.JOB_NAME_MAX_LENGTH),
                "IN_PROGRESS", WIDEST_TIME, WIDEST_TIME, WIDE.repeat(JobOutcome.MAX_FAILURE_REASON));
    }

    /** Within the bound, and not so far under it that the bound holds back answers that would fit. */
    private static void assertFits(long length, long bound) {
        assertTrue(length <= bound && length >= bound * 0.8, length + " bytes against a bound of " + bound);
    }
}
