package dev.deletionjobs.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A read without tags leaves them on the server: each {@code find} it sends excludes the field, so MongoDB neither
 * sends nor the driver decodes up to 300 KB a job. A whole read projects nothing away, and the probes (a page's far
 * side, the oldest waiting job) read one key of one document. The quota's count reads the queue index, up to the
 * quota.
 */
@QuarkusTest
class MongoReadCommandsTest {

    private static final AccountScope SCOPE = new AccountScope("343434343434", "us-east-1");
    private static final Set<String> READS = Set.of("find", "aggregate", "count", "distinct", "findAndModify");
    private static final BsonDocument WITHOUT_TAGS = new BsonDocument(DataDeletionJobDocument.TAGS, new BsonInt32(0));

    @Inject
    DataDeletionJobStore store;

    @Test
    void readsWithoutTagsExcludeThemFromEveryFind() {
        JobFilter filter = new JobFilter(null, Set.of());
        List<BsonDocument> finds = finds(() -> {
            store.findPage(SCOPE, filter, null, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, 21,
                    JobReading.WITHOUT_TAGS);
            store.findByArn(SCOPE, "arn", JobReading.WITHOUT_TAGS);
            store.findByArns(SCOPE, List.of("arn"), JobReading.WITHOUT_TAGS);
        });
        assertEquals(3, finds.size(), finds::toString);
        for (BsonDocument find : finds) {
            assertEquals(WITHOUT_TAGS, find.getDocument("projection"), find::toJson);
        }
    }

    @Test
    void wholeReadsProjectNothingAway() {
        List<BsonDocument> finds = finds(() -> {
            store.findByArn(SCOPE, "arn", JobReading.WHOLE);
            store.findByArns(SCOPE, List.of("arn"), JobReading.WHOLE);
        });
        assertEquals(2, finds.size(), finds::toString);
        for (BsonDocument find : finds) {
            assertFalse(find.containsKey("projection"), find::toJson);
        }
    }

    @Test
    void probesReadOneKeyOfOneDocument() {
        ListPosition from = new ListPosition(Instant.parse("2026-01-01T00:00:00Z"), "arn");
        List<BsonDocument> finds = finds(() -> {
            store.existsFrom(SCOPE, new JobFilter(null, Set.of()), from, ListOrder.NEWEST_FIRST,
                    ListDirection.BACKWARD);
            store.oldestPendingCreation();
        });
        assertEquals(2, finds.size(), finds::toString);
        assertEquals(new BsonDocument("_id", new BsonInt32(1)), finds.get(0).getDocument("projection"));
        assertEquals(new BsonDocument("creationDateTime", new BsonInt32(1)), finds.get(1).getDocument("projection"));
        for (BsonDocument find : finds) {
            assertEquals(new BsonInt32(1), find.get("limit"), find::toJson);
        }
    }

    @Test
    void theQuotasCountStopsAtTheQuotaInTheQueueIndex() {
        List<BsonDocument> counts = RecordedCommands.during(() -> store.countWaiting(SCOPE.accountId(), 1000)).stream()
                .filter(command -> command.containsKey("aggregate")).toList();
        assertEquals(1, counts.size(), counts::toString);
        BsonDocument count = counts.get(0);
        assertEquals("work_queue_by_account", count.getString("hint").getValue(), count::toJson);
        assertEquals(1000, count.getArray("pipeline").get(1).asDocument().getNumber("$limit").intValue(),
                count::toJson);
    }

    @Test
    void pruningWalksTheFinishedJobsIndexPastWhatItKeeps() {
        List<BsonDocument> finds = finds(() -> store.pruneFinished(SCOPE.accountId(), 10_000, 1_000));
        assertEquals(1, finds.size(), finds::toString);
        BsonDocument find = finds.get(0);
        assertEquals("finished_by_account", find.getString("hint").getValue(), find::toJson);
        assertEquals(10_000, find.getNumber("skip").intValue(), find::toJson);
        assertEquals(1_000, find.getNumber("limit").intValue(), find::toJson);
        assertEquals(new BsonDocument("lastUpdatedDateTime", new BsonInt32(-1)).append("_id", new BsonInt32(-1)),
                find.getDocument("sort"), find::toJson);
        assertEquals(new BsonDocument("_id", new BsonInt32(1)), find.getDocument("projection"), find::toJson);
    }

    /**
     * Every read of the jobs, the API's and the worker's housekeeping alike, tells MongoDB to end it at the service's
     * bound ({@code personalize.store.mongodb.max-time}, 4 s), as {@code statement_timeout} ends PostgreSQL's: the
     * driver gives up at its read timeout, and without it the server would go on with a read nobody waits for. A
     * findAndModify is a write and goes without: its deadline could pass after the write was applied.
     */
    @Test
    void everyReadTellsMongodbWhenToEndIt() {
        JobFilter filter = new JobFilter(null, Set.of(JobStatus.FAILED));
        ListPosition from = new ListPosition(Instant.parse("2026-01-01T00:00:00Z"), "arn");
        List<BsonDocument> reads = RecordedCommands.during(() -> {
            store.findPage(SCOPE, filter, from, ListOrder.NEWEST_FIRST, ListDirection.FORWARD, 21,
                    JobReading.WITHOUT_TAGS);
            store.findByArn(SCOPE, "arn", JobReading.WHOLE);
            store.findByArns(SCOPE, List.of("arn"), JobReading.WITHOUT_TAGS);
            store.existsFrom(SCOPE, filter, from, ListOrder.NEWEST_FIRST, ListDirection.BACKWARD);
            store.count(SCOPE, filter);
            store.countByStatus(SCOPE, filter);
            store.countByStatus(JobStatus.PENDING);
            store.oldestPendingCreation();
            store.countWaiting(SCOPE.accountId(), 1000);
            store.pruneFinished(SCOPE.accountId(), 10_000, 1_000);
            // No job has spent that many attempts: the search is sent, nothing is failed.
            store.giveUp(Integer.MAX_VALUE, "never", Instant.now());
        }).stream().filter(command -> READS.contains(command.getFirstKey())).toList();
        assertEquals(List.of("find", "find", "find", "find", "aggregate", "aggregate", "aggregate", "find",
                "aggregate", "find", "findAndModify"), reads.stream().map(BsonDocument::getFirstKey).toList());
        for (BsonDocument read : reads) {
            if (read.getFirstKey().equals("findAndModify")) {
                assertFalse(read.containsKey("maxTimeMS"), read::toJson);
            } else {
                assertEquals(4000, read.getNumber("maxTimeMS").longValue(), read::toJson);
            }
        }
    }

    private static List<BsonDocument> finds(Runnable reads) {
        return RecordedCommands.during(reads).stream()
                .filter(command -> command.containsKey("find")).toList();
    }
}
