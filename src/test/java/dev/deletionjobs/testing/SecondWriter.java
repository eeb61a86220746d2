package dev.deletionjobs.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;

/**
 * Another writer of the service's store, with a client of its own and none of the service's code: what another
 * replica (or an operator's script) does to the store, as far as the store can tell. Subscriptions must see its
 * writes, which reach them only through the store's change feed.
 */
public final class SecondWriter implements AutoCloseable {

    private final MongoClient mongo;
    private final MongoCollection<Document> jobs;
    private final Connection postgresql;

    private SecondWriter(MongoClient mongo, Connection postgresql) {
        this.mongo = mongo;
        this.jobs = mongo == null ? null
                : mongo.getDatabase(config().getValue("quarkus.mongodb.database", String.class))
                        .getCollection("data_deletion_jobs");
        this.postgresql = postgresql;
    }

    /** A writer of the store the running application uses. */
    public static SecondWriter ofRunningApplication() {
        Config config = config();
        if ("postgresql".equals(config.getOptionalValue("personalize.store.kind", String.class).orElse("mongodb"))) {
            try {
                return new SecondWriter(null, DriverManager.getConnection(
                        config.getValue("quarkus.datasource.jdbc.url", String.class),
                        config.getOptionalValue("quarkus.datasource.username", String.class).orElse(null),
                        config.getOptionalValue("quarkus.datasource.password", String.class).orElse(null)));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return new SecondWriter(MongoClients.create(config.getValue("quarkus.mongodb.connection-string", String.class)),
                null);
    }

    private static Config config() {
        return ConfigProvider.getConfig();
    }

    /** Stores a new job, as the service would. */
    public void insert(DataDeletionJob job) throws SQLException {
        if (jobs != null) {
            jobs.insertOne(new Document("_id", job.arn())
                    .append("accountId", job.scope().accountId())
                    .append("region", job.scope().region())
                    .append("jobName", job.jobName())
                    .append("datasetGroupArn", job.datasetGroupArn())
                    .append("dataSource", new Document("dataLocation", job.dataLocation()))
                    .append("roleArn", job.roleArn())
                    .append("tags", job.tags().stream()
                            .map(tag -> new Document("tagKey", tag.tagKey()).append("tagValue", tag.tagValue()))
                            .toList())
                    .append("status", job.status().name())
                    .append("creationDateTime", Date.from(job.creationDateTime()))
                    .append("lastUpdatedDateTime", Date.from(job.lastUpdatedDateTime())));
            return;
        }
        try (PreparedStatement insert = postgresql.prepareStatement("""
                INSERT INTO data_deletion_jobs (arn, account_id, region, job_name, dataset_group_arn, data_location,
                    role_arn, tags, status, creation_date_time, last_updated_date_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)""")) {
            insert.setString(1, job.arn());
            insert.setString(2, job.scope().accountId());
            insert.setString(3, job.scope().region());
            insert.setString(4, job.jobName());
            insert.setString(5, job.datasetGroupArn());
            insert.setString(6, job.dataLocation());
            insert.setString(7, job.roleArn());
            insert.setString(8, job.tags().isEmpty() ? "[]" : tagsJson(job));
            insert.setString(9, job.status().name());
            insert.setTimestamp(10, Timestamp.from(job.creationDateTime()));
            insert.setTimestamp(11, Timestamp.from(job.lastUpdatedDateTime()));
            insert.executeUpdate();
        }
    }

    /** Changes a job's status, as a worker does when it claims or finishes one. */
    public void changeStatus(String arn, JobStatus status, Integer numDeleted, String failureReason, Instant at)
            throws SQLException {
        if (jobs != null) {
            jobs.updateOne(Filters.eq("_id", arn), Updates.combine(Updates.set("status", status.name()),
                    Updates.set("numDeleted", numDeleted), Updates.set("failureReason", failureReason),
                    Updates.set("lastUpdatedDateTime", Date.from(at))));
            return;
        }
        try (PreparedStatement update = postgresql.prepareStatement("UPDATE data_deletion_jobs SET status = ?,"
                + " num_deleted = ?, failure_reason = ?, last_updated_date_time = ? WHERE arn = ?")) {
            update.setString(1, status.name());
            update.setObject(2, numDeleted);
            update.setString(3, failureReason);
            update.setTimestamp(4, Timestamp.from(at));
            update.setString(5, arn);
            update.executeUpdate();
        }
    }

    /** Extends a running job's lease, as its worker does every few seconds: no change of status. */
    public void renewLease(String arn, Instant until) throws SQLException {
        if (jobs != null) {
            jobs.updateOne(Filters.eq("_id", arn), Updates.set("leaseExpiry", Date.from(until)));
            return;
        }
        try (PreparedStatement update = postgresql
                .prepareStatement("UPDATE data_deletion_jobs SET lease_expiry = ? WHERE arn = ?")) {
            update.setTimestamp(1, Timestamp.from(until));
            update.setString(2, arn);
            update.executeUpdate();
        }
    }

    private static String tagsJson(DataDeletionJob job) {
        StringBuilder json = new StringBuilder("[");
        job.tags().forEach(tag -> json.append(json.length() > 1 ? "," : "")
                .append("{\"tagKey\":\"").append(tag.tagKey()).append("\",\"tagValue\":\"").append(tag.tagValue())
                .append("\"}"));
        return json.append("]").toString();
    }

    @Override
    public void close() throws SQLException {
        if (mongo != null) {
            mongo.close();
        }
        if (postgresql != null) {
            postgresql.close();
        }
    }
}
