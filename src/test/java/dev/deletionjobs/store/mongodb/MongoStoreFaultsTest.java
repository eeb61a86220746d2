package dev.deletionjobs.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;

import dev.deletionjobs.job.DataDeletionJobStore;

/**
 * Which faults the MongoDB store calls "unavailable" (answered as the retryable ServiceUnavailable), and which it leaves as
 * faults of
 * ours (InternalFailure): a store that does not answer is not a bug, and a bug must not pass for an outage that
 * clients would retry forever.
 */
class MongoStoreFaultsTest {

    private final DataDeletionJobStore mongodb = new MongoDataDeletionJobRepository();

    @Test
    void mongodbIsUnavailableWhenItDoesNotAnswer() {
        assertTrue(mongodb.isUnreachable(new MongoTimeoutException("Timed out while waiting for a server")));
        assertTrue(mongodb.isUnreachable(new MongoSocketReadException("reset", new ServerAddress())));
        assertFalse(mongodb.isUnreachable(new MongoWriteException(
                new WriteError(2, "bad value", new BsonDocument()), new ServerAddress())));
        assertFalse(mongodb.isUnreachable(new IllegalStateException("a bug")));
    }
}
