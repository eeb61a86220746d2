package dev.deletionjobs.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Inject;

import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * A flooding tenant costs MongoDB's claim no more than a quiet one. The embedded server scans every collection
 * whatever the indexes, so the claim is held to the commands it sends: each read of the jobs names one account or
 * the next one and takes one job, as {@code work_queue_by_account} serves it, and none reads the whole queue (a
 * grouping of every waiting job was what the claim did before). PostgresClaimPlanTest holds PostgreSQL's claim to its
 * plan.
 */
@QuarkusTest
@TestProfile(MongoClaimTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MongoClaimTest {

    private static final int FLOOD = 500;
    private static final String FLOODING = "444455556666";
    private static final String QUIET = "777788889999";
    private static final String LAPSING = "121212343434";
    private static final String JOBS = DataDeletionJobDocument.COLLECTION;
    private static final String OWNER = "mongo-claim-worker";

    @Inject
    DataDeletionJobStore store;

    @Inject
    MongoClient mongo;

    private MongoCollection<Document> slots;

    @BeforeAll
    void loadQueue() {
        slots = mongo.getDatabase("personalize").getCollection("account_slots");
        Instant flooded = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < FLOOD; i++) {
            insert(FLOODING, "flood-" + i, flooded.plusMillis(i));
        }
        insert(QUIET, "quiet", Instant.parse("2026-06-01T00:00:00Z"));
    }

    @Test
    void everyReadOfTheQueueTakesOneJobOfOneAccount() {
        AtomicReference<Optional<DataDeletionJob>> claimed = new AtomicReference<>();
        List<BsonDocument> commands = RecordedCommands.during(() -> claimed.set(claim()));
        release(claimed.get().orElseThrow());

        List<String> reads = new ArrayList<>();
        for (BsonDocument command : commands) {
            if (command.getFirstKey().equals("find")) {
                // MongoDB ends the read at the service's bound (MongoReadCommandsTest); the claim's write goes without.
                assertEquals(4000, command.getNumber("maxTimeMS").longValue(), command::toJson);
            } else if (command.getFirstKey().equals("findAndModify")) {
                assertFalse(command.containsKey("maxTimeMS"), command::toJson);
            }
            String name = command.getFirstKey();
            if (!JOBS.equals(command.get(name).isString() ? command.getString(name).getValue() : null)) {
                continue;
            }
            reads.add(name);
            assertFalse(name.equals("aggregate") || name.equals("count") || name.equals("distinct"),
                    "no command over the whole queue: " + command.toJson());
            if (name.equals("find")) {
                assertEquals(1, command.getNumber("limit").intValue(), "one job a read: " + command.toJson());
                String byAccount = command.getDocument("filter").toJson() + command.getDocument("sort").toJson();
                assertTrue(byAccount.contains("accountId"), "a read by account: " + command.toJson());
                assertEquals("work_queue_by_account", command.getString("hint").getValue(), command.toJson());
            } else {
                assertEquals("findAndModify", name, command.toJson());
            }
        }
        assertTrue(reads.contains("findAndModify"), "the claim itself: " + reads);
        assertTrue(reads.size() <= 6, "the first account, its oldest job, the next account, its oldest job, the end"
                + " of the accounts and the claim: " + reads);
    }

    @Test
    void theQuietAccountsJobIsClaimedOnceTheFloodingOneIsAtItsCap() {
        DataDeletionJob first = claim().orElseThrow();
        try {
            assertEquals(FLOODING, first.scope().accountId(), "the oldest job first");
            assertEquals(JobStatus.IN_PROGRESS, first.status());
            DataDeletionJob second = claim().orElseThrow();
            try {
                assertEquals(QUIET, second.scope().accountId(), "the flooding account is at its cap of 1");
                assertTrue(claim().isEmpty(), "both accounts at their cap");
            } finally {
                release(second);
            }
        } finally {
            release(first);
        }
    }

    @Test
    void aRunningJobWhoseSlotLapsedAndWasTakenIsNotRenewed() {
        // Older than the queue the class loads: claimed first.
        Instant created = Instant.parse("2025-01-01T00:00:00Z");
        DataDeletionJob running = insert(LAPSING, "running", created);
        DataDeletionJob waiting = insert(LAPSING, "waiting", created.plusSeconds(1));
        String other = "other-" + OWNER;
        assertEquals(running.arn(), claim().orElseThrow().arn());
        try {
            // The slot's lease lapses a moment before the job's would (they are renewed one after the other), and
            // another worker's claim takes the slot for the account's next job, within the cap of 1.
            slots.updateOne(Filters.eq("job", running.arn()), Updates.set("leaseExpiry", new Date(0)));
            DataDeletionJob next = store.claimNext(other, Duration.ofMinutes(1), 1, 3, Instant.now()).orElseThrow();
            assertEquals(waiting.arn(), next.arn());
            try {
                assertFalse(store.renewLease(running.arn(), OWNER, Duration.ofMinutes(1)),
                        "renewed without its slot: two of the account's jobs would run at a cap of 1");
                assertTrue(store.renewLease(next.arn(), other, Duration.ofMinutes(1)), "the slot's holder renews");
            } finally {
                assertTrue(store.release(next.arn(), other, Instant.now()));
            }
        } finally {
            // Gone, so the other tests find the queue they loaded.
            store.release(running.arn(), OWNER, Instant.now());
            mongo.getDatabase("personalize").getCollection(JOBS).deleteMany(Filters.eq("accountId", LAPSING));
        }
    }

    private Optional<DataDeletionJob> claim() {
        return store.claimNext(OWNER, Duration.ofMinutes(1), 1, 3, Instant.now());
    }

    /** Hands the job back, as a stopping replica does, so each test starts from the same queue. */
    private void release(DataDeletionJob job) {
        assertTrue(store.release(job.arn(), OWNER, Instant.now()));
    }

    private DataDeletionJob insert(String accountId, String name, Instant created) {
        AccountScope scope = new AccountScope(accountId, "us-east-1");
        DataDeletionJob job = new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name,
                "arn:aws:personalize:us-east-1:" + accountId + ":dataset-group/queue", "s3://bucket/" + name + ".csv",
                "arn:aws:iam::" + accountId + ":role/R", List.of(), JobStatus.PENDING, null, null, created, created);
        assertTrue(store.insert(job));
        return job;
    }
}
