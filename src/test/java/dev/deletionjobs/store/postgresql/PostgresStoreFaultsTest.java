package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import dev.deletionjobs.job.DataDeletionJobStore;

/**
 * Which faults the PostgreSQL store calls "unavailable" (answered as the retryable ServiceUnavailable), and which it leaves as
 * faults of
 * ours (InternalFailure): a store that does not answer is not a bug, and a bug must not pass for an outage that
 * clients would retry forever.
 */
class PostgresStoreFaultsTest {

    private final DataDeletionJobStore postgresql = new PostgresDataDeletionJobRepository(null, null);

    @Test
    void postgresqlIsUnavailableOnConnectionFaultsAndAServerThatCannotServe() {
        assertTrue(postgresql.isUnreachable(new PSQLException("refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));
        assertTrue(postgresql.isUnreachable(new PSQLException("reset", PSQLState.CONNECTION_FAILURE)));
        assertTrue(postgresql.isUnreachable(new SQLException("shutting down", "57P01")));
        assertTrue(postgresql.isUnreachable(new SQLException("too many connections", "53300")));
        assertTrue(postgresql.isUnreachable(new SQLTransientConnectionException("no connection in time")));
        assertTrue(postgresql.isUnreachable(new JDBCConnectionException("lost", new SQLException("lost", "08006"))));
        assertFalse(postgresql.isUnreachable(new SQLException("duplicate key", "23505")));
        assertFalse(postgresql.isUnreachable(new ConstraintViolationException("check", new SQLException("c", "23514"),
                "data_deletion_jobs_status_check")));
        assertFalse(postgresql.isUnreachable(new SQLException("syntax", "42601")));
        assertFalse(postgresql.isUnreachable(new IllegalStateException("a bug")));
    }

    /**
     * A failover: the old primary shutting down (57P01), or a write reaching a server that is now a standby (25006,
     * until the store's address follows the new primary), is an outage that retrying cures, as MongoDB's
     * NotWritablePrimary is: the same request must not be a 503 on one store and a 500 on the other.
     */
    @Test
    void postgresqlIsUnavailableDuringAFailoverAsMongodbIs() {
        assertTrue(postgresql.isUnreachable(new SQLException("terminating connection due to administrator command",
                "57P01")));
        assertTrue(postgresql.isUnreachable(new SQLException("cannot execute INSERT in a read-only transaction",
                "25006")));
        assertFalse(postgresql.isUnreachable(new SQLException("invalid transaction state", "25000")));
    }
}
