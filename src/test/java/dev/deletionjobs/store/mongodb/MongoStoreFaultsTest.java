package dev.deletionjobs.store.mongodb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.testing.TestSettings;

/**
 * Which faults the MongoDB store calls "unavailable" (answered as the retryable ServiceUnavailable), and which it leaves as
 * faults of
 * ours (InternalFailure): a store that does not answer is not a bug, and a bug must not pass for an outage that
 * clients would retry forever.
 */
class MongoStoreFaultsTest {

    private final DataDeletionJobStore mongodb = new MongoDataDeletionJobRepository(TestSettings.defaults());

    @Test
    void mongodbIsUnavailableWhenItDoesNotAnswer() {
        assertTrue(mongodb.isUnreachable(new MongoTimeoutException("Timed out while waiting for a server")));
        assertTrue(mongodb.isUnreachable(new MongoSocketReadException("reset", new ServerAddress())));
        assertFalse(mongodb.isUnreachable(new MongoWriteException(
                new WriteError(2, "bad value", new BsonDocument()), new ServerAddress())));
        assertFalse(mongodb.isUnreachable(new IllegalStateException("a bug")));
    }

    /**
     * A failover (a primary that stepped down, a member shutting down or recovering, a pool cleared after a network
     * fault) is an outage that retrying cures, as PostgreSQL's shutting-down server or standby is: the same request
     * must not be a 503 on one store and a 500 with an ERROR line on the other.
     */
    @Test
    void mongodbIsUnavailableDuringAFailoverAsPostgresqlIs() {
        ServerAddress address = new ServerAddress();
        assertTrue(mongodb.isUnreachable(new MongoNotPrimaryException(serverError(10107, "NotWritablePrimary"),
                address)));
        assertTrue(mongodb.isUnreachable(new MongoNodeIsRecoveringException(serverError(91, "ShutdownInProgress"),
                address)));
        assertTrue(mongodb.isUnreachable(new MongoConnectionPoolClearedException(
                new ServerId(new ClusterId(), address), new MongoSocketReadException("reset", address))));
        assertTrue(mongodb.isUnreachable(new MongoServerUnavailableException("The server is no longer available")));
        assertFalse(mongodb.isUnreachable(new MongoCommandException(serverError(2, "BadValue"), address)));
    }

    /** A read MongoDB ended at its maxTimeMS is PostgreSQL's statement over its statement_timeout (57014). */
    @Test
    void mongodbIsUnavailableWhenItEndsAReadAtItsTimeLimit() {
        assertTrue(mongodb.isUnreachable(new MongoExecutionTimeoutException(50, "operation exceeded time limit",
                serverError(50, "MaxTimeMSExpired"))));
    }

    private static BsonDocument serverError(int code, String name) {
        return new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(code))
                .append("codeName", new BsonString(name)).append("errmsg", new BsonString(name));
    }
}
