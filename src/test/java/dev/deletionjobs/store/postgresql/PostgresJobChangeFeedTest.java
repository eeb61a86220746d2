package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.SeededJobs;

/** A notification of the schema's trigger, and the job it stands for when the row has moved on since. */
class PostgresJobChangeFeedTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant CLAIMED = CREATED.plusMillis(2_500);
    private static final Instant FAILED = CLAIMED.plusMillis(700);

    @Test
    void aNotificationOfTheRowAsItStandsIsTheRow() throws Exception {
        DataDeletionJob stored = job(JobStatus.FAILED, "The file is empty.", FAILED);
        PostgresJobChangeFeed.Change change = PostgresJobChangeFeed.Change.parse("{\"arn\":\"" + stored.arn()
                + "\",\"status\":\"FAILED\",\"numDeleted\":null,\"lastUpdated\":" + FAILED.toEpochMilli() + "}");
        assertSame(stored, change.appliedTo(stored), "the reason is this change's");
    }

    @Test
    void aNotificationOfAnEarlierChangeIsThatChange() throws Exception {
        DataDeletionJob stored = job(JobStatus.FAILED, "The file is empty.", FAILED);
        PostgresJobChangeFeed.Change claim = PostgresJobChangeFeed.Change.parse("{\"arn\":\"" + stored.arn()
                + "\",\"status\":\"IN_PROGRESS\",\"numDeleted\":null,\"lastUpdated\":" + CLAIMED.toEpochMilli()
                + ",\"added\":{\"later\":[1,2]}}");
        DataDeletionJob claimed = claim.appliedTo(stored);
        assertEquals(JobStatus.IN_PROGRESS, claimed.status());
        assertEquals(CLAIMED, claimed.lastUpdatedDateTime());
        assertNull(claimed.failureReason(), "the reason came with a later change");
        assertEquals(stored.jobName(), claimed.jobName());
    }

    private static DataDeletionJob job(JobStatus status, String reason, Instant changed) {
        String name = "notified-job";
        return new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(name), SeededJobs.SCOPE, name,
                "arn:aws:personalize:us-east-1:000000000000:dataset-group/g", "s3://bucket/users.csv",
                "arn:aws:iam::000000000000:role/Deleter", List.of(), status, null, reason, CREATED, changed);
    }
}
