package dev.deletionjobs.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.junit.jupiter.api.Test;

import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.UpdateDescription;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.testing.SeededJobs;

/**
 * What a change stream event means as a job, as MongoDB reports it (an update describes what it set) and as the
 * embedded server does (it does not): the tests on the embedded server cover the second, these the first.
 */
class MongoJobChangeFeedTest {

    private static final Instant CREATED = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant CLAIMED = CREATED.plusSeconds(2);
    private static final Instant COMPLETED = CLAIMED.plusSeconds(3);

    @Test
    void anInsertIsTheJobItCarries() {
        DataDeletionJobDocument created = document(JobStatus.PENDING, null, CREATED);
        DataDeletionJob job = MongoJobChangeFeed.jobOf(event("insert", created, null, CREATED), new HashMap<>());
        assertEquals(JobStatus.PENDING, job.status());
        assertEquals(created.arn, job.arn());
    }

    @Test
    void anUpdateIsTheChangeItDescribesEvenWhenTheJobMovedOnSince() {
        // Read back after the worker completed it, the claim is still delivered as the claim.
        DataDeletionJobDocument readBack = document(JobStatus.COMPLETED, 3, COMPLETED);
        BsonDocument claim = new BsonDocument("status", new BsonString("IN_PROGRESS"))
                .append("owner", new BsonString("worker-1"))
                .append("lastUpdatedDateTime", new BsonDateTime(CLAIMED.toEpochMilli()));
        DataDeletionJob claimed = MongoJobChangeFeed.jobOf(event("update", readBack,
                new UpdateDescription(List.of(), claim), CLAIMED), new HashMap<>());
        assertEquals(JobStatus.IN_PROGRESS, claimed.status());
        assertEquals(CLAIMED, claimed.lastUpdatedDateTime());
        assertNull(claimed.numDeleted(), "the count came with a later change");

        BsonDocument finish = new BsonDocument("status", new BsonString("COMPLETED"))
                .append("numDeleted", new BsonInt32(3))
                .append("lastUpdatedDateTime", new BsonDateTime(COMPLETED.toEpochMilli()));
        DataDeletionJob completed = MongoJobChangeFeed.jobOf(event("update", readBack,
                new UpdateDescription(List.of("owner", "leaseExpiry"), finish), COMPLETED), new HashMap<>());
        assertEquals(JobStatus.COMPLETED, completed.status());
        assertEquals(3, completed.numDeleted());
        assertEquals(readBack.jobName, completed.jobName());
    }

    @Test
    void aRunningJobTakenAgainIsAnnouncedRunningThoughItEndedSince() {
        // A retake sets the status the job already had, so MongoDB leaves it out of the members it describes.
        Instant retaken = CLAIMED.plusSeconds(90);
        DataDeletionJobDocument readBack = document(JobStatus.FAILED, null, retaken.plusSeconds(1));
        readBack.failureReason = "The file has no USER_ID column.";
        BsonDocument retake = new BsonDocument("owner", new BsonString("worker-2"))
                .append("lastUpdatedDateTime", new BsonDateTime(retaken.toEpochMilli()));
        DataDeletionJob job = MongoJobChangeFeed.jobOf(event("update", readBack,
                new UpdateDescription(List.of(), retake), retaken), new HashMap<>());
        assertEquals(JobStatus.IN_PROGRESS, job.status());
        assertEquals(retaken, job.lastUpdatedDateTime());
        assertNull(job.failureReason(), "the reason came with a later change");
    }

    @Test
    void anUpdateThatSetsNoTimeOfChangeIsNoEvent() {
        DataDeletionJobDocument running = document(JobStatus.IN_PROGRESS, null, CLAIMED);
        BsonDocument renewal = new BsonDocument("leaseExpiry", new BsonDateTime(CLAIMED.plusSeconds(60).toEpochMilli()));
        assertNull(MongoJobChangeFeed.jobOf(event("update", running, new UpdateDescription(List.of(), renewal),
                CLAIMED.plusSeconds(20)), new HashMap<>()));
    }

    @Test
    void withoutADescriptionAnUpdateIsAnnouncedOnceForEachNewTimeOfChangeNearTheUpdate() {
        Map<String, String> announced = new HashMap<>();
        DataDeletionJobDocument running = document(JobStatus.IN_PROGRESS, null, CLAIMED);
        DataDeletionJob claimed = MongoJobChangeFeed.jobOf(event("update", running, null, CLAIMED), announced);
        assertEquals(JobStatus.IN_PROGRESS, claimed.status());
        announced.put(running.arn, MongoJobChangeFeed.stateOf(claimed));
        assertNull(MongoJobChangeFeed.jobOf(event("update", running, null, CLAIMED.plusSeconds(1)), announced),
                "announced already");
        assertNull(MongoJobChangeFeed.jobOf(event("update", running, null, CLAIMED.plusSeconds(20)), new HashMap<>()),
                "a lease renewal long after the claim");
        DataDeletionJobDocument failedAtOnce = document(JobStatus.FAILED, null, CLAIMED);
        assertEquals(JobStatus.FAILED, MongoJobChangeFeed.jobOf(event("update", failedAtOnce, null, CLAIMED),
                announced).status(), "another status in the same millisecond is another change");
    }

    private static ChangeStreamDocument<DataDeletionJobDocument> event(String operation,
            DataDeletionJobDocument fullDocument, UpdateDescription update, Instant at) {
        return new ChangeStreamDocument<>(operation, new BsonDocument(), null, null, null, fullDocument, null,
                new BsonDocument("_id", new BsonString(fullDocument.arn)),
                new BsonTimestamp((int) at.getEpochSecond(), 1), update, null, null, null, null, null);
    }

    private static DataDeletionJobDocument document(JobStatus status, Integer numDeleted, Instant changed) {
        String name = "feed-job";
        DataDeletionJob job = new DataDeletionJob(SeededJobs.SCOPE.dataDeletionJobArn(name), SeededJobs.SCOPE, name,
                "arn:aws:personalize:us-east-1:000000000000:dataset-group/g", "s3://bucket/users.csv",
                "arn:aws:iam::000000000000:role/Deleter", List.of(), status, numDeleted, null, CREATED, changed);
        return DataDeletionJobDocument.from(job);
    }
}
