package dev.deletionjobs.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;

/**
 * A statement of the PostgreSQL store, its SQL and its parameters in the order of their {@code ?} placeholders: the
 * listing, its probe and counts, the lookup of several jobs by ARN, and the worker's claim. Written out rather than
 * left to HQL because the plan is the point: the row comparison {@code (creation_date_time, arn) < (?, ?)} (or
 * {@code >}), the window's range on {@code creation_date_time} and the {@code ORDER BY} match the columns of the list
 * indexes, so PostgreSQL starts the scan at the page's first row whatever its depth, walking the index forward or
 * backward, and never sorts. {@code PostgresKeysetPlanTest} holds that to an {@code EXPLAIN}; the
 * benchmark's driver ceiling runs the same SQL, which is why this type is public. Reads select the job's own columns
 * ({@link JobColumns}), its tags only when the {@link JobReading} asks for them, never the worker's bookkeeping.
 */
public record JobSql(String sql, List<Object> parameters) {

    static final String TABLE = "data_deletion_jobs";

    public JobSql {
        parameters = List.copyOf(parameters);
    }

    /** The job with this ARN in {@code scope}: one row or none. */
    static JobSql byArn(AccountScope scope, String arn, JobReading reading) {
        return new JobSql("SELECT " + JobColumns.selected(reading) + " FROM " + TABLE
                + " WHERE arn = ? AND account_id = ? AND region = ?", List.of(arn, scope.accountId(), scope.region()));
    }

    /**
     * Up to {@code limit} jobs strictly beyond {@code from} in {@code direction} through the listing in {@code order},
     * in scan order (the listing's order forward, its reverse backward).
     */
    public static JobSql page(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction, int limit, JobReading reading) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(JobColumns.selected(reading)).append(" FROM ").append(TABLE)
                .append(" WHERE ");
        filterClauses(scope, filter, sql, parameters);
        boolean towardsOlder = order.walksTowardsOlder(direction);
        if (from != null) {
            beyond(from, towardsOlder, false, sql, parameters);
        }
        String scan = towardsOlder ? "DESC" : "ASC";
        sql.append(" ORDER BY creation_date_time ").append(scan).append(", arn ").append(scan).append(" LIMIT ?");
        parameters.add(limit);
        return new JobSql(sql.toString(), parameters);
    }

    /**
     * The jobs of {@code scope} among {@code arns}: one statement whatever their number, the ARNs bound as one array
     * parameter and probed on the primary key.
     */
    static JobSql byArns(AccountScope scope, Collection<String> arns, JobReading reading) {
        return new JobSql("SELECT " + JobColumns.selected(reading) + " FROM " + TABLE
                + " WHERE arn = ANY(?) AND account_id = ? AND region = ?",
                List.of(arns.toArray(String[]::new), scope.accountId(), scope.region()));
    }

    /**
     * One row when any job of the filter stands at {@code from} or beyond it in {@code direction} through the listing
     * in {@code order}; none otherwise.
     */
    static JobSql existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT 1 FROM ").append(TABLE).append(" WHERE ");
        filterClauses(scope, filter, sql, parameters);
        beyond(from, order.walksTowardsOlder(direction), true, sql, parameters);
        sql.append(" LIMIT 1");
        return new JobSql(sql.toString(), parameters);
    }

    /** How many jobs the filter holds. */
    static JobSql count(AccountScope scope, JobFilter filter) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM ").append(TABLE).append(" WHERE ");
        filterClauses(scope, filter, sql, parameters);
        return new JobSql(sql.toString(), parameters);
    }

    /**
     * How many of the account's jobs are waiting or running, in every region, no further than {@code atMost}. The
     * statuses are written out, as the predicate of the per-account queue index is, so the planner can read that index
     * and stop at the limit.
     */
    static JobSql countWaiting(String accountId, int atMost) {
        return new JobSql("SELECT count(*) FROM (SELECT 1 FROM " + TABLE + " WHERE account_id = ?"
                + " AND status IN ('PENDING', 'IN_PROGRESS') LIMIT ?) waiting", List.of(accountId, atMost));
    }

    /** How many jobs the filter holds in each status that has any: rows of (status, count). */
    static JobSql countByStatus(AccountScope scope, JobFilter filter) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT status, count(*) FROM ").append(TABLE).append(" WHERE ");
        filterClauses(scope, filter, sql, parameters);
        sql.append(" GROUP BY status");
        return new JobSql(sql.toString(), parameters);
    }

    private static void filterClauses(AccountScope scope, JobFilter filter, StringBuilder sql,
            List<Object> parameters) {
        sql.append("account_id = ? AND region = ?");
        parameters.add(scope.accountId());
        parameters.add(scope.region());
        if (filter.datasetGroupArn() != null) {
            sql.append(" AND dataset_group_arn = ?");
            parameters.add(filter.datasetGroupArn());
        }
        if (!filter.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(String.join(", ", Collections.nCopies(filter.statuses().size(), "?")))
                    .append(')');
            filter.statuses().stream().map(Enum::name).sorted().forEach(parameters::add);
        }
        // The window is a range on the index's creation_date_time column: the scan starts and stops at its bounds.
        if (filter.createdAfter() != null) {
            sql.append(" AND creation_date_time > ?");
            parameters.add(filter.createdAfter());
        }
        if (filter.createdBefore() != null) {
            sql.append(" AND creation_date_time < ?");
            parameters.add(filter.createdBefore());
        }
    }

    /** The keyset condition, as one row comparison that the index's (creation_date_time, arn) columns serve. */
    private static void beyond(ListPosition from, boolean towardsOlder, boolean inclusive, StringBuilder sql,
            List<Object> parameters) {
        String comparison = towardsOlder ? "<" : ">";
        sql.append(" AND (creation_date_time, arn) ").append(comparison).append(inclusive ? "=" : "").append(" (?, ?)");
        parameters.add(from.creationDateTime());
        parameters.add(from.arn());
    }

    /**
     * This statement prepared on {@code connection}, its parameters bound in order; an instant is bound as a
     * {@code timestamptz}, which the list indexes' column is.
     */
    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.size(); i++) {
                Object parameter = parameters.get(i);
                statement.setObject(i + 1, parameter instanceof Instant instant
                        ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC)
                        : parameter);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
