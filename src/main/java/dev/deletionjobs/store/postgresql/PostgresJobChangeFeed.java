package dev.deletionjobs.store.postgresql;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.deletionjobs.job.ChangeFeedThread;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobChangeFeed;
import dev.deletionjobs.job.JobStatus;
import io.quarkus.logging.Log;

/**
 * PostgreSQL's change feed: one pooled connection per replica that {@code LISTEN}s on the channel the schema's
 * trigger notifies (migration V3) in the transaction of every change. A notification says which job changed and its
 * new status; the job's other members, which never change, are read by ARN on the same connection, once for all the
 * notifications that arrived together. Notifications sent while the connection is down are lost, so the listener
 * hears of the interruption.
 */
@ApplicationScoped
@Typed(PostgresJobChangeFeed.class)
public class PostgresJobChangeFeed implements JobChangeFeed {

    static final String CHANNEL = "data_deletion_job_changes";
    /** How long a poll waits for notifications: the longest a close waits for the thread to notice it. */
    private static final int POLL_MILLIS = 500;
    /** A connection silent this long is asked a trivial question, so one the network dropped is found and replaced. */
    private static final long PROBE_AFTER_MILLIS = 30_000;
    private static final String READ = "SELECT " + JobColumns.SELECTED + " FROM data_deletion_jobs WHERE arn = ANY(?)";
    private static final JsonFactory JSON = new JsonFactory();

    private final Instance<DataSource> dataSource;

    PostgresJobChangeFeed(Instance<DataSource> dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public AutoCloseable follow(Listener listener) {
        return ChangeFeedThread.start("job-change-feed", listener,
                (following, open) -> listen(listener, following, open));
    }

    private void listen(Listener listener, Runnable following, BooleanSupplier open) throws SQLException, IOException {
        try (Connection connection = dataSource.get().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
            try {
                following.run();
                PGConnection notifications = connection.unwrap(PGConnection.class);
                long lastHeard = System.currentTimeMillis();
                while (open.getAsBoolean()) {
                    PGNotification[] arrived = notifications.getNotifications(POLL_MILLIS);
                    long now = System.currentTimeMillis();
                    if (arrived != null && arrived.length > 0) {
                        Log.debugf("%d job changes notified", arrived.length);
                        lastHeard = now;
                        if (listener.wantsChanges()) {
                            for (DataDeletionJob job : jobsOf(connection, arrived)) {
                                listener.changed(job);
                            }
                        }
                    } else if (now - lastHeard > PROBE_AFTER_MILLIS) {
                        statement.execute("SELECT 1");
                        lastHeard = now;
                    }
                }
            } finally {
                unlisten(statement);
            }
        }
    }

    /**
     * The connection goes back to the pool, which would lend it to the API's reads still listening: its driver would
     * then keep every later notification in memory, never read.
     */
    private static void unlisten(Statement statement) {
        try {
            statement.execute("UNLISTEN *");
        } catch (SQLException e) {
            // A connection that cannot take this has failed: the pool finds that out when it is next used.
            Log.debugf("The change feed's connection did not stop listening: %s", e.getMessage());
        }
    }

    /** The jobs as the notifications left them, in their order; a job no longer stored is left out. */
    private static List<DataDeletionJob> jobsOf(Connection connection, PGNotification[] notifications)
            throws SQLException, IOException {
        List<Change> changes = new ArrayList<>(notifications.length);
        Set<String> arns = new LinkedHashSet<>();
        for (PGNotification notification : notifications) {
            Change change = Change.parse(notification.getParameter());
            changes.add(change);
            arns.add(change.arn);
        }
        Map<String, DataDeletionJob> stored = new HashMap<>();
        try (PreparedStatement read = connection.prepareStatement(READ)) {
            read.setArray(1, connection.createArrayOf("text", arns.toArray()));
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    DataDeletionJob job = JobColumns.read(rows);
                    stored.put(job.arn(), job);
                }
            }
        }
        List<DataDeletionJob> jobs = new ArrayList<>(changes.size());
        for (Change change : changes) {
            DataDeletionJob job = stored.get(change.arn);
            if (job != null) {
                jobs.add(change.appliedTo(job));
            }
        }
        return jobs;
    }

    /** One notification's payload: {@code {"arn", "status", "numDeleted", "lastUpdated"}} (epoch milliseconds). */
    static final class Change {
        String arn;
        JobStatus status;
        Integer numDeleted;
        Instant lastUpdated;

        static Change parse(String payload) throws IOException {
            Change change = new Change();
            try (JsonParser parser = JSON.createParser(payload)) {
                parser.nextToken();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String member = parser.currentName();
                    JsonToken value = parser.nextToken();
                    switch (member) {
                        case "arn" -> change.arn = parser.getText();
                        case "status" -> change.status = JobStatus.valueOf(parser.getText());
                        case "numDeleted" -> change.numDeleted = value == JsonToken.VALUE_NULL ? null : parser.getIntValue();
                        case "lastUpdated" -> change.lastUpdated = Instant.ofEpochMilli(parser.getLongValue());
                        default -> parser.skipChildren();
                    }
                }
            }
            return change;
        }

        /**
         * The job as this change left it. The row may have changed again since; its failure reason belongs to this
         * change only when the row still shows this change (a job fails once, and never changes after).
         */
        DataDeletionJob appliedTo(DataDeletionJob stored) {
            if (stored.status() == status && stored.lastUpdatedDateTime().equals(lastUpdated)) {
                return stored;
            }
            return stored.withStatus(status, numDeleted, null, lastUpdated);
        }
    }
}
