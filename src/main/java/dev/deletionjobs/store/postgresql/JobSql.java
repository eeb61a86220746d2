package dev.deletionjobs.store.postgresql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListPosition;

/**
 * A statement of the PostgreSQL store, its SQL and its parameters in the order of their {@code ?} placeholders: the
 * listing, its probe and count, the lookup of several jobs by ARN, and the worker's claim. Written out rather than
 * left to HQL because the plan is the point: the row comparison {@code (creation_date_time, arn) < (?, ?)} and the
 * {@code ORDER BY} match the columns of the list indexes, so PostgreSQL starts the scan at the page's first row
 * whatever its depth, and never sorts. {@code PostgresKeysetPlanTest} holds that to an {@code EXPLAIN}; the
 * benchmark's driver ceiling runs the same SQL, which is why this type is public.
 */
public record JobSql(String sql, List<Object> parameters) {

    static final String TABLE = "data_deletion_jobs";

    public JobSql {
        parameters = List.copyOf(parameters);
    }

    /** Up to {@code limit} jobs strictly beyond {@code from}, in the direction's own order (newest first for OLDER). */
    public static JobSql page(AccountScope scope, JobFilter filter, ListPosition from, ListDirection direction,
            int limit) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(TABLE).append(" WHERE ");
        filterClauses(scope, filter, sql, parameters);
        if (from != null) {
            beyond(from, direction, false, sql, parameters);
        }
        String order = direction == ListDirection.OLDER ? "DESC" : "ASC";
        sql.append(" ORDER BY creation_date_time ").append(order).append(", arn ").append(order).append(" LIMIT ?");
        parameters.add(limit);
        return new JobSql(sql.toString(), parameters);
    }

    /**
     * The jobs of {@code scope} among {@code arns}: one statement whatever their number, the ARNs bound as one array
     * parameter and probed on the primary key.
     */
    static JobSql byArns(AccountScope scope, Collection<String> arns) {
        return new JobSql("SELECT * FROM " + TABLE + " WHERE arn = ANY(?) AND account_id = ? AND region = ?",
                List.of(arns.toArray(String[]::new), scope.accountId(), scope.region()));
    }

    /** One row when any job of the filter stands at {@code from} or beyond it in that direction; none otherwise. */
    static JobSql existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListDirection direction) {
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT 1 FROM ").append(TABLE).append(" WHERE ");
        filterClauses(scope, filter, sql, parameters);
        beyond(from, direction, true, sql, parameters);
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
    }

    /** The keyset condition, as one row comparison that the index's (creation_date_time, arn) columns serve. */
    private static void beyond(ListPosition from, ListDirection direction, boolean inclusive, StringBuilder sql,
            List<Object> parameters) {
        String comparison = direction == ListDirection.OLDER ? "<" : ">";
        sql.append(" AND (creation_date_time, arn) ").append(comparison).append(inclusive ? "=" : "").append(" (?, ?)");
        parameters.add(from.creationDateTime());
        parameters.add(from.arn());
    }
}
