package dev.deletionjobs.store.mongodb;

import static com.mongodb.client.model.Aggregates.match;
import static com.mongodb.client.model.Filters.in;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoChangeStreamCursor;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import com.mongodb.client.model.changestream.FullDocument;
import com.mongodb.client.model.changestream.UpdateDescription;

import dev.deletionjobs.job.ChangeFeedThread;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobChangeFeed;
import dev.deletionjobs.job.JobStatus;

/**
 * MongoDB's change feed: a change stream on the jobs' collection (MongoDB runs it on a replica set; the embedded
 * server with its oplog on). An insert carries the whole job. An update is a change of status when it set
 * {@code lastUpdatedDateTime}: MongoDB describes which members it set and to what, and those are applied to the job
 * as it is read back (its other members never change). A server that does not describe its updates (the embedded
 * one) is followed by the job read back alone, announced when its time of change is new and the update's own.
 */
@ApplicationScoped
@Typed(MongoJobChangeFeed.class)
public class MongoJobChangeFeed implements JobChangeFeed {

    private static final Bson WRITES = match(in("operationType", List.of("insert", "update", "replace")));
    /** How long the server holds a read with nothing to report; the embedded one answers at once, then it pauses. */
    private static final long POLL_MILLIS = 500;
    private static final long IDLE_PAUSE_MILLIS = 100;
    private static final String UPDATED = "lastUpdatedDateTime";
    private static final String NUM_DELETED = "numDeleted";
    private static final String FAILURE_REASON = "failureReason";
    /** An update the embedded server reports is a change of status when the job's time of change is this close. */
    private static final long SAME_UPDATE_MILLIS = 2_000;
    private static final int REMEMBERED_JOBS = 10_000;

    private final MongoDataDeletionJobRepository jobs;

    MongoJobChangeFeed(MongoDataDeletionJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    public AutoCloseable follow(Listener listener) {
        return ChangeFeedThread.start("job-change-feed", listener,
                (following, open) -> watch(listener, following, open));
    }

    private void watch(Listener listener, Runnable following, BooleanSupplier open) throws InterruptedException {
        Map<String, String> announced = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > REMEMBERED_JOBS;
            }
        };
        try (MongoChangeStreamCursor<ChangeStreamDocument<DataDeletionJobDocument>> changes = jobs.mongoCollection()
                .watch(List.of(WRITES))
                .fullDocument(FullDocument.UPDATE_LOOKUP)
                .maxAwaitTime(POLL_MILLIS, TimeUnit.MILLISECONDS)
                .cursor()) {
            following.run();
            while (open.getAsBoolean()) {
                ChangeStreamDocument<DataDeletionJobDocument> change = changes.tryNext();
                if (change == null) {
                    Thread.sleep(IDLE_PAUSE_MILLIS);
                } else if (change.getFullDocument() != null && listener.wantsChanges()) {
                    DataDeletionJob job = jobOf(change, announced);
                    if (job != null) {
                        announced.put(job.arn(), stateOf(job));
                        listener.changed(job);
                    }
                }
            }
        }
    }

    /** The job as the change left it, or null when the change was no change of status (a lease renewed). */
    static DataDeletionJob jobOf(ChangeStreamDocument<DataDeletionJobDocument> change, Map<String, String> announced) {
        DataDeletionJob current = change.getFullDocument().toJob();
        if (!"update".equals(change.getOperationTypeString())) {
            return current;
        }
        UpdateDescription update = change.getUpdateDescription();
        if (update != null) {
            BsonDocument set = update.getUpdatedFields();
            if (set == null || !set.containsKey(UPDATED)) {
                return null;
            }
            List<String> removed = update.getRemovedFields() == null ? List.of() : update.getRemovedFields();
            // MongoDB describes only the members an update changed. Of the writes that set the time of change, only
            // a claim can keep the status: a running job whose lease lapsed, taken again. The job read back may have
            // ended since, so its status is not this change's.
            JobStatus status = set.containsKey("status") ? JobStatus.valueOf(set.getString("status").getValue())
                    : JobStatus.IN_PROGRESS;
            // The job read back may have moved on: its count and reason belong to this change only if it ended it.
            boolean kept = status.isFinal();
            return current.withStatus(status,
                    set.containsKey(NUM_DELETED) ? integer(set.get(NUM_DELETED))
                            : kept && !removed.contains(NUM_DELETED) ? current.numDeleted() : null,
                    set.containsKey(FAILURE_REASON) ? string(set.get(FAILURE_REASON))
                            : kept && !removed.contains(FAILURE_REASON) ? current.failureReason() : null,
                    Instant.ofEpochMilli(set.getDateTime(UPDATED).getValue()));
        }
        Instant changed = current.lastUpdatedDateTime();
        Instant updateTime = Instant.ofEpochSecond(change.getClusterTime().getTime());
        boolean newChange = !stateOf(current).equals(announced.get(current.arn()))
                && changed.plusMillis(SAME_UPDATE_MILLIS).isAfter(updateTime);
        return newChange ? current : null;
    }

    /** What tells one change of a job from the next: its status and when it took it (two may share a millisecond). */
    static String stateOf(DataDeletionJob job) {
        return job.status() + "@" + job.lastUpdatedDateTime();
    }

    private static Integer integer(BsonValue value) {
        return value == null || value.isNull() ? null : value.asNumber().intValue();
    }

    private static String string(BsonValue value) {
        return value == null || value.isNull() ? null : value.asString().getValue();
    }
}
