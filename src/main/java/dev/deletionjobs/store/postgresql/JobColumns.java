package dev.deletionjobs.store.postgresql;

import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;

/**
 * The columns of a job that reads select, and the job a row of them is. Reads go straight from the JDBC result into
 * the job record, with no entity in between: a listing of 100 jobs is the hottest path of both interfaces, and an
 * entity per row (with its session, snapshot and {@code jsonb} mapping through a general-purpose mapper) cost more
 * than the query. The worker's bookkeeping (owner, lease, attempts) is never read here.
 */
final class JobColumns {

    /** In the order {@link #read} reads them. */
    static final String SELECTED = columns("tags");

    /**
     * {@link #SELECTED} with a null in place of the tags, in the same places: the {@code jsonb} column, stored apart
     * from the row once it is long, is then neither fetched nor sent.
     */
    static final String SELECTED_WITHOUT_TAGS = columns("NULL");

    private static final JsonFactory JSON = new JsonFactory();

    private JobColumns() {
    }

    private static String columns(String tags) {
        return "arn, account_id, region, job_name, dataset_group_arn, data_location, role_arn, " + tags
                + ", status, num_deleted, failure_reason, creation_date_time, last_updated_date_time";
    }

    /** The columns that {@code reading} selects: {@link #SELECTED}, or {@link #SELECTED_WITHOUT_TAGS}. */
    static String selected(JobReading reading) {
        return reading == JobReading.WHOLE ? SELECTED : SELECTED_WITHOUT_TAGS;
    }

    /** The job in the current row of {@code row}, whose columns are {@link #SELECTED}. */
    static DataDeletionJob read(ResultSet row) throws SQLException {
        return read(row, JobReading.WHOLE);
    }

    /** The job in the current row of {@code row}, whose columns are {@link #selected} of {@code reading}. */
    static DataDeletionJob read(ResultSet row, JobReading reading) throws SQLException {
        int deleted = row.getInt(10);
        Integer numDeleted = row.wasNull() ? null : deleted;
        return new DataDeletionJob(
                row.getString(1),
                new AccountScope(row.getString(2), row.getString(3)),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                reading == JobReading.WHOLE ? tags(row.getString(8)) : null,
                JobStatus.valueOf(row.getString(9)),
                numDeleted,
                row.getString(11),
                row.getObject(12, OffsetDateTime.class).toInstant(),
                row.getObject(13, OffsetDateTime.class).toInstant());
    }

    /** The {@code tags} column, a JSON array of {@code {"tagKey": ..., "tagValue": ...}} objects, as written. */
    static List<Tag> tags(String json) throws SQLException {
        if (json == null || json.equals("[]")) {
            return List.of();
        }
        try (JsonParser parser = JSON.createParser(json)) {
            List<Tag> tags = new ArrayList<>();
            expect(parser.nextToken(), JsonToken.START_ARRAY, json);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                String key = null;
                String value = null;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String member = parser.currentName();
                    expect(parser.nextToken(), JsonToken.VALUE_STRING, json);
                    if (member.equals("tagKey")) {
                        key = parser.getText();
                    } else if (member.equals("tagValue")) {
                        value = parser.getText();
                    }
                }
                tags.add(new Tag(key, value));
            }
            return List.copyOf(tags);
        } catch (IOException e) {
            throw new SQLException("The tags column does not hold a JSON array of tags: " + json, e);
        }
    }

    private static void expect(JsonToken token, JsonToken expected, String json) throws SQLException {
        if (token != expected) {
            throw new SQLException("The tags column does not hold a JSON array of tags: " + json);
        }
    }
}
