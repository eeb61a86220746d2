package dev.deletionjobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** A failure reason is kept whole up to its longest, and cut there, never inside a character. */
class JobOutcomeTest {

    @Test
    void aReasonUpToItsLongestIsKeptWhole() {
        String longest = "a".repeat(JobOutcome.MAX_FAILURE_REASON - 1) + "😀";
        assertEquals(longest, JobOutcome.failed(longest).failureReason());
    }

    @Test
    void whatNoStoreKeepsIsShownAsAnEscape() {
        // An S3 key may hold a NUL or a line break; PostgreSQL keeps no NUL, and JSON writes each in six bytes.
        assertEquals("The object s3://bucket/a\\u0000b\\u000Ac is empty.",
                JobOutcome.failed("The object s3://bucket/a\u0000b\nc is empty.").failureReason());
        assertNull(JobOutcome.failed(null).failureReason());
    }

    @Test
    void aLongerReasonIsCutBetweenCharactersAndMarked() {
        // An S3 key of emoji: 1,000 code points are 2,000 chars; a cut by chars would split a pair.
        String reason = "The object s3://bucket/" + "😀".repeat(1_024) + " is not a CSV file.";
        String kept = JobOutcome.failed(reason).failureReason();
        assertEquals(JobOutcome.MAX_FAILURE_REASON, kept.codePointCount(0, kept.length()));
        assertEquals(reason.substring(0, reason.offsetByCodePoints(0, JobOutcome.MAX_FAILURE_REASON - 1)) + "…",
                kept);
    }
}
