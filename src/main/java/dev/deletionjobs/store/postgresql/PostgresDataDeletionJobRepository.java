package dev.deletionjobs.store.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.persistence.Query;
import jakarta.persistence.metamodel.Type;
import jakarta.transaction.Transactional;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.hibernate.exception.JDBCConnectionException;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import dev.deletionjobs.job.StatusCounts;
import dev.deletionjobs.job.StoreCall;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;

/**
 * The PostgreSQL store: the only code that touches PostgreSQL. The API's reads (a job by ARN, a page, its probe and
 * count) are single statements over plain JDBC, in autocommit, read straight into the job record ({@link JobSql},
 * {@link JobColumns}): no entity, no session, no {@code BEGIN}/{@code COMMIT} around one {@code SELECT}. The insert
 * and the state changes are Panache and HQL, the worker's claim SQL of PostgreSQL's own, each one transaction. Typed to
 * its class, so only {@code StoreSelection} hands it out as the store.
 */
@ApplicationScoped
@Typed(PostgresDataDeletionJobRepository.class)
@StoreCall
@Transactional
public class PostgresDataDeletionJobRepository
        implements PanacheRepositoryBase<DataDeletionJobRow, String>, DataDeletionJobStore {

    /**
     * Out of connections (53300), a standby (25006), cancelled or timed out (57014), a lock not had in time (55P03), a
     * serialization failure or deadlock (40001, 40P01).
     */
    private static final Set<String> TRANSIENT_STATES = Set.of("53300", "25006", "57014", "55P03", "40001", "40P01");
    /** The store's clock, in milliseconds like every timestamp: the same for every replica, whatever its own says. */
    private static final String STORE_NOW = "date_trunc('milliseconds', now())";

    /** What a worker may claim: a waiting job, or a running one whose worker stopped renewing its lease. */
    private static final String CLAIMABLE = "status IN ('PENDING', 'IN_PROGRESS') AND (status = 'PENDING' OR"
            + " (lease_expiry < " + STORE_NOW + " AND attempts < ?))";

    /**
     * The accounts with claimable jobs, the one whose oldest job has waited longest first. The accounts are found by
     * a skip scan of the per-account queue index (one probe per account, however long the queue), then each one's
     * oldest claimable job by a probe of the same index (package-private for PostgresClaimPlanTest).
     */
    static final String WAITING_ACCOUNTS = """
            WITH RECURSIVE queued(account_id) AS (
                (SELECT account_id FROM data_deletion_jobs WHERE status IN ('PENDING', 'IN_PROGRESS')
                  ORDER BY account_id LIMIT 1)
              UNION ALL
                SELECT (SELECT next.account_id FROM data_deletion_jobs next
                         WHERE next.status IN ('PENDING', 'IN_PROGRESS') AND next.account_id > queued.account_id
                         ORDER BY next.account_id LIMIT 1)
                  FROM queued WHERE queued.account_id IS NOT NULL)
            SELECT queued.account_id
              FROM queued,
                   LATERAL (SELECT creation_date_time FROM data_deletion_jobs job
                             WHERE job.account_id = queued.account_id AND %s
                             ORDER BY creation_date_time LIMIT 1) oldest
             ORDER BY oldest.creation_date_time""".formatted(CLAIMABLE);

    /**
     * Serializes the claims of one account until commit, so two claimers never both count the same running jobs; a
     * claimer that finds the account locked moves on to the next one instead of waiting.
     */
    private static final String LOCK_ACCOUNT = "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))";

    /**
     * Takes the account's oldest claimable job and marks it in one statement, unless the account runs its cap of jobs
     * already. Run after {@link #LOCK_ACCOUNT}, its snapshot sees every claim of the account that committed before.
     * {@code FOR UPDATE SKIP LOCKED} passes over a row another transaction is changing, and PostgreSQL re-checks the
     * row's status after locking it, so a job claimed a moment ago is never taken twice. Package-private for
     * PostgresClaimPlanTest.
     */
    static final String CLAIM_NEXT = """
            UPDATE data_deletion_jobs
               SET status = 'IN_PROGRESS', owner = ?, lease_expiry = %1$s + interval '1 millisecond' * ?,
                   last_updated_date_time = ?, attempts = attempts + 1
             WHERE arn = (SELECT arn FROM data_deletion_jobs
                           WHERE account_id = ? AND %2$s
                           ORDER BY creation_date_time
                           LIMIT 1
                             FOR UPDATE SKIP LOCKED)
               AND (SELECT count(*) FROM data_deletion_jobs
                     WHERE account_id = ? AND status = 'IN_PROGRESS' AND lease_expiry >= %1$s) < ?
            RETURNING *""".formatted(STORE_NOW, CLAIMABLE);

    /** When the oldest waiting job was created: one entry of the PENDING index (and PostgresClaimPlanTest's). */
    static final String OLDEST_PENDING = "SELECT creation_date_time FROM data_deletion_jobs WHERE status = 'PENDING'"
            + " ORDER BY creation_date_time LIMIT 1";

    /** Fails the jobs whose last allowed attempt's lease lapsed. */
    private static final String GIVE_UP = """
            UPDATE data_deletion_jobs
               SET status = 'FAILED', failure_reason = ?, last_updated_date_time = ?, owner = NULL,
                   lease_expiry = NULL
             WHERE status = 'IN_PROGRESS' AND lease_expiry < %s AND attempts >= ?
            RETURNING arn""".formatted(STORE_NOW);

    /**
     * Deletes the account's finished jobs, in every region, past the {@code ?} (the offset) that finished last, at most
     * {@code ?} of them, found by the finished-jobs index (package-private for PostgresClaimPlanTest).
     */
    static final String PRUNE_FINISHED = """
            DELETE FROM data_deletion_jobs
             WHERE arn IN (SELECT arn FROM data_deletion_jobs
                            WHERE account_id = ? AND status IN ('COMPLETED', 'FAILED')
                            ORDER BY last_updated_date_time DESC, arn DESC
                           OFFSET ? LIMIT ?)
               AND status IN ('COMPLETED', 'FAILED')""";

    private static final String RENEW_LEASE = "UPDATE data_deletion_jobs SET lease_expiry = " + STORE_NOW
            + " + interval '1 millisecond' * ? WHERE arn = ? AND owner = ? AND status = 'IN_PROGRESS'"
            + " AND lease_expiry >= " + STORE_NOW;

    /** Stores a job unless its ARN exists already: no exception, no aborted transaction, when two creates race. */
    private static final String INSERT = """
            insert into DataDeletionJobRow (arn, accountId, region, jobName, datasetGroupArn, dataLocation, roleArn,
                                            tags, status, numDeleted, failureReason, creationDateTime,
                                            lastUpdatedDateTime)
            values (:arn, :accountId, :region, :jobName, :datasetGroupArn, :dataLocation, :roleArn, :tags, :status,
                    :numDeleted, :failureReason, :creationDateTime, :lastUpdatedDateTime)
            on conflict do nothing""";

    private static final String HELD_BY = "arn = :arn and owner = :owner and status = 'IN_PROGRESS'";

    /** Looked up when used: with MongoDB chosen, Flyway's and the datasource's beans are inactive. */
    private final Instance<Flyway> flyway;
    private final Instance<DataSource> dataSource;

    PostgresDataDeletionJobRepository(Instance<Flyway> flyway, Instance<DataSource> dataSource) {
        this.flyway = flyway;
        this.dataSource = dataSource;
    }

    /**
     * Applies the migrations under db/migration that the database has not seen yet, on a database that is UTF8,
     * without the timeouts the pool's connections have ({@link MigrationConnections}), then replaces every connection
     * the pool has opened so far, whether the migrations succeeded or not: no API call may run on one of theirs.
     */
    @Override
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void prepare() {
        try (Connection connection = dataSource.get().getConnection()) {
            requireUnicode(connection);
        } catch (SQLException e) {
            throw new StoreQueryException(e);
        }
        if (!(dataSource.get() instanceof AgroalDataSource pool)) {
            throw new IllegalStateException("The datasource is no Agroal pool: the migrations' connections could not"
                    + " be replaced after them");
        }
        Configuration configured = flyway.get().getConfiguration();
        try {
            Flyway.configure(configured.getClassLoader()).configuration(configured)
                    .dataSource(new MigrationConnections(pool)).load().migrate();
        } finally {
            // Idle ones at once, any in use as it is returned: the migrations' connections have no bounds.
            pool.flush(AgroalDataSource.FlushMode.GRACEFUL);
        }
    }

    /**
     * Refuses a database that cannot store every letter a caller may send: in one of another encoding a tag of
     * {@code 日本} would fail its insert (SQLSTATE 22P05), and a look-up by such an ARN its query, where MongoDB, whose
     * strings are UTF-8, stores and finds them.
     */
    static void requireUnicode(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT current_database(),"
                + " pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()");
                ResultSet result = statement.executeQuery()) {
            result.next();
            if (!"UTF8".equals(result.getString(2))) {
                throw new IllegalStateException("The database " + result.getString(1) + " is encoded in "
                        + result.getString(2) + "; this service stores any Unicode letter and needs a database"
                        + " created with ENCODING 'UTF8'.");
            }
        }
    }

    @Override
    public boolean insert(DataDeletionJob job) {
        DataDeletionJobRow row = DataDeletionJobRow.from(job);
        return getSession().createMutationQuery(INSERT)
                .setParameter("arn", row.arn)
                .setParameter("accountId", row.accountId)
                .setParameter("region", row.region)
                .setParameter("jobName", row.jobName)
                .setParameter("datasetGroupArn", row.datasetGroupArn)
                .setParameter("dataLocation", row.dataLocation)
                .setParameter("roleArn", row.roleArn)
                // Typed as the mapped attribute: JSON. Left to infer, Hibernate would serialize the list as bytes.
                .setParameter("tags", row.tags, tagsType())
                .setParameter("status", row.status)
                .setParameter("numDeleted", row.numDeleted)
                .setParameter("failureReason", row.failureReason)
                .setParameter("creationDateTime", row.creationDateTime)
                .setParameter("lastUpdatedDateTime", row.lastUpdatedDateTime)
                .executeUpdate() == 1;
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<DataDeletionJob> findByArn(AccountScope scope, String arn, JobReading reading) {
        return jobs(JobSql.byArn(scope, arn, reading), reading).stream().findFirst();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DataDeletionJob> findByArns(AccountScope scope, Collection<String> arns, JobReading reading) {
        return jobs(JobSql.byArns(scope, arns, reading), reading);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DataDeletionJob> findPage(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction, int limit, JobReading reading) {
        return direction.inListingOrder(jobs(JobSql.page(scope, filter, from, order, direction, limit, reading),
                reading));
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction) {
        return query(JobSql.existsFrom(scope, filter, from, order, direction), ResultSet::next);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(AccountScope scope, JobFilter filter) {
        return query(JobSql.count(scope, filter), PostgresDataDeletionJobRepository::theCount);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countWaiting(String accountId, int atMost) {
        return query(JobSql.countWaiting(accountId, atMost), PostgresDataDeletionJobRepository::theCount);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public StatusCounts countByStatus(AccountScope scope, JobFilter filter) {
        return query(JobSql.countByStatus(scope, filter), result -> {
            Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
            while (result.next()) {
                counts.put(JobStatus.valueOf(result.getString(1)), result.getLong(2));
            }
            return new StatusCounts(counts);
        });
    }

    @Override
    public Optional<DataDeletionJob> claimNext(String owner, Duration lease, int maxRunningPerAccount,
            int maxAttempts, Instant now) {
        @SuppressWarnings("unchecked")
        List<String> accounts = nativeQuery(WAITING_ACCOUNTS, maxAttempts).getResultList();
        for (String account : accounts) {
            if (!(Boolean) nativeQuery(LOCK_ACCOUNT, "data-deletion-jobs/claims/" + account).getSingleResult()) {
                continue;
            }
            List<DataDeletionJobRow> claimed = claimedRows(new JobSql(CLAIM_NEXT, List.of(owner,
                    (double) lease.toMillis(), now, account, maxAttempts, account, (long) maxRunningPerAccount)));
            if (!claimed.isEmpty()) {
                return Optional.of(claimed.get(0).toJob());
            }
        }
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<String> giveUp(int maxAttempts, String reason, Instant now) {
        return nativeQuery(GIVE_UP, reason, now, maxAttempts).getResultList();
    }

    @Override
    public boolean renewLease(String arn, String owner, Duration lease) {
        return nativeQuery(RENEW_LEASE, (double) lease.toMillis(), arn, owner).executeUpdate() == 1;
    }

    @Override
    public boolean finish(String arn, String owner, JobOutcome outcome, Instant now) {
        return update("status = :status, numDeleted = :deleted, failureReason = :reason, lastUpdatedDateTime = :now,"
                + " owner = null, leaseExpiry = null where " + HELD_BY,
                Parameters.with("status", outcome.status().name()).and("deleted", outcome.numDeleted())
                        .and("reason", outcome.failureReason()).and("now", now).and("arn", arn)
                        .and("owner", owner)) == 1;
    }

    @Override
    public boolean release(String arn, String owner, Instant now) {
        return update("status = 'PENDING', lastUpdatedDateTime = :now, attempts = attempts - 1, owner = null,"
                + " leaseExpiry = null where "
                + HELD_BY, Parameters.with("now", now).and("arn", arn).and("owner", owner)) == 1;
    }

    @Override
    public int pruneFinished(String accountId, int kept, int atMost) {
        return nativeQuery(PRUNE_FINISHED, accountId, kept, atMost).executeUpdate();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countByStatus(JobStatus status) {
        return query(new JobSql("SELECT count(*) FROM " + JobSql.TABLE + " WHERE status = ?", List.of(status.name())),
                PostgresDataDeletionJobRepository::theCount);
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Instant> oldestPendingCreation() {
        return query(new JobSql(OLDEST_PENDING, List.of()),
                result -> result.next() ? Optional.of(result.getObject(1, OffsetDateTime.class).toInstant())
                        : Optional.<Instant> empty());
    }

    /**
     * Connection faults (SQLState class 08, and Hibernate's translation of them), a pool that found no connection in
     * time, a server that is shutting down, starting, or out of connections, and a write that reached a standby
     * (25006, as after a failover): what MongoDB's timeouts, socket faults and NotWritablePrimary are to that store.
     * So are the faults that retrying cures on a server that answers: a statement cancelled or over the server's
     * {@code statement_timeout} (57014), a lock not had in time (55P03), a serialization failure or deadlock (40001,
     * 40P01).
     */
    @Override
    public boolean isUnreachable(Throwable failure) {
        if (failure instanceof JDBCConnectionException || failure instanceof SQLTransientConnectionException) {
            return true;
        }
        if (failure instanceof SQLException sql) {
            String state = sql.getSQLState();
            if (state == null) {
                return isPoolTimeout(sql);
            }
            return state.startsWith("08") || state.startsWith("57P") || TRANSIENT_STATES.contains(state);
        }
        return false;
    }

    /**
     * Agroal's "no connection in time", which carries no SQLState: every connection in use until the acquisition
     * timeout (a message alone), or a new one that did not open in that time (a {@link TimeoutException} as cause, as
     * when the server's address drops packets).
     */
    private static boolean isPoolTimeout(SQLException failure) {
        String message = failure.getMessage();
        return failure.getCause() instanceof TimeoutException
                || message != null && message.toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }

    @SuppressWarnings("unchecked")
    private Type<List<DataDeletionJobRow.StoredTag>> tagsType() {
        return (Type<List<DataDeletionJobRow.StoredTag>>) getEntityManager().getMetamodel()
                .entity(DataDeletionJobRow.class).getSingularAttribute("tags").getType();
    }

    /** The rows the claim changed and returned, as entities of the claim's transaction. */
    @SuppressWarnings("unchecked")
    private List<DataDeletionJobRow> claimedRows(JobSql query) {
        return bind(getEntityManager().createNativeQuery(query.sql(), DataDeletionJobRow.class),
                query.parameters().toArray()).getResultList();
    }

    /** The jobs {@code query} selects ({@link JobColumns#selected} of {@code reading}), in its order. */
    private List<DataDeletionJob> jobs(JobSql query, JobReading reading) {
        return query(query, result -> {
            List<DataDeletionJob> jobs = new ArrayList<>();
            while (result.next()) {
                jobs.add(JobColumns.read(result, reading));
            }
            return jobs;
        });
    }

    /**
     * Runs one read on a pooled connection: in the caller's transaction if it has one, else in autocommit (the API's
     * reads and the metrics' counts, which never wait on a transaction of their own).
     */
    private <T> T query(JobSql query, ResultReader<T> reader) {
        try (Connection connection = dataSource.get().getConnection();
                PreparedStatement statement = query.prepare(connection);
                ResultSet result = statement.executeQuery()) {
            return reader.read(result);
        } catch (SQLException e) {
            throw new StoreQueryException(e);
        }
    }

    /** The one row of a {@code SELECT count(*)}. */
    private static long theCount(ResultSet result) throws SQLException {
        result.next();
        return result.getLong(1);
    }

    /** What a read makes of its result set. */
    @FunctionalInterface
    private interface ResultReader<T> {
        T read(ResultSet result) throws SQLException;
    }

    /** A read that failed in the driver; {@link #isUnreachable} looks at its cause, as at any store fault. */
    static final class StoreQueryException extends RuntimeException {
        StoreQueryException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private Query nativeQuery(String sql, Object... parameters) {
        return bind(getEntityManager().createNativeQuery(sql), parameters);
    }

    /** Binds {@code parameters} to the {@code ?} placeholders, in order (also for PostgresKeysetPlanTest). */
    static Query bind(Query query, Object[] parameters) {
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query;
    }
}
