package dev.deletionjobs.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

/**
 * PostgreSQL's jobs table locked against writes by a transaction of the test's, for as long as the test likes: a
 * create's insert waits for it, reads go on. What waits is watched from a connection outside the transaction, since
 * within one PostgreSQL's statistics stay as first read.
 */
public final class HeldInserts implements AutoCloseable {

    /** A create's insert, waiting for a lock: the worker's claims, which wait too, are updates. */
    private static final String INSERTS_WAITING = "SELECT count(*) FROM pg_stat_activity"
            + " WHERE wait_event_type = 'Lock' AND query ILIKE 'insert into data_deletion_jobs%'";

    private final Connection lock;
    private final Connection watch;

    private HeldInserts(Connection lock, Connection watch) {
        this.lock = lock;
        this.watch = watch;
    }

    /** Locks the table, with two connections of {@code dataSource}. */
    public static HeldInserts holding(DataSource dataSource) throws SQLException {
        Connection lock = dataSource.getConnection();
        try {
            Connection watch = dataSource.getConnection();
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE data_deletion_jobs IN SHARE MODE");
            }
            return new HeldInserts(lock, watch);
        } catch (SQLException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** How many inserts wait for the lock now. */
    public long waiting() throws SQLException {
        try (Statement statement = watch.createStatement();
                ResultSet result = statement.executeQuery(INSERTS_WAITING)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Returns once an insert waits for the lock; fails the test if none does within 20 s. */
    public void awaitAnInsert() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (waiting() == 0) {
            if (System.nanoTime() > deadline) {
                fail("no insert came to wait for the lock");
            }
            Thread.sleep(20);
        }
    }

    /** Lets the waiting inserts go on. */
    public void release() throws SQLException {
        lock.rollback();
    }

    @Override
    public void close() throws SQLException {
        try (lock; watch) {
            lock.rollback();
        }
    }
}
