package dev.deletionjobs.job;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Indexes.ascending;
import static com.mongodb.client.model.Indexes.compoundIndex;
import static com.mongodb.client.model.Indexes.descending;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/**
 * The only code that touches MongoDB. Every query is confined to one {@link AccountScope}; listings are keyset scans
 * over {@code (creationDateTime desc, _id desc)}, served by the two indexes created at startup.
 */
@ApplicationScoped
public class DataDeletionJobRepository implements PanacheMongoRepositoryBase<DataDeletionJobEntity, String> {

    private static final String ID = "_id";
    private static final String CREATED = "creationDateTime";
    private static final String STATUS = "status";
    private static final String OWNER = "owner";
    private static final String LEASE = "leaseExpiry";
    private static final String UPDATED = "lastUpdatedDateTime";

    private static final Bson NEWEST_FIRST = new Document(CREATED, -1).append(ID, -1);
    private static final Bson OLDEST_FIRST = new Document(CREATED, 1).append(ID, 1);

    /** Creates the indexes of the two list shapes and of the workers' queue; idempotent. */
    public void createIndexes() {
        mongoCollection().createIndexes(List.of(
                new IndexModel(ascending(STATUS, CREATED), new IndexOptions().name("work_queue")),
                new IndexModel(
                        compoundIndex(ascending("accountId", "region", "datasetGroupArn"), descending(CREATED, ID)),
                        new IndexOptions().name("by_dataset_group_newest_first")),
                new IndexModel(
                        compoundIndex(ascending("accountId", "region"), descending(CREATED, ID)),
                        new IndexOptions().name("by_account_newest_first"))));
    }

    /**
     * Stores a new job.
     *
     * @return false, storing nothing, when a job with the same ARN exists already
     */
    public boolean insert(DataDeletionJob job) {
        try {
            persist(DataDeletionJobEntity.from(job));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public Optional<DataDeletionJob> findByArn(AccountScope scope, String arn) {
        return find(and(inScope(scope), eq(ID, arn)))
                .firstResultOptional()
                .map(DataDeletionJobEntity::toJob);
    }

    /**
     * Up to {@code limit} jobs strictly beyond {@code from} (or from the start of that direction when null),
     * always returned newest first.
     */
    public List<DataDeletionJob> findPage(AccountScope scope, JobFilter filter, ListPosition from,
            ListDirection direction, int limit) {
        Bson sort = direction == ListDirection.OLDER ? NEWEST_FIRST : OLDEST_FIRST;
        List<DataDeletionJob> jobs = new ArrayList<>(limit);
        for (DataDeletionJobEntity entity : find(query(scope, filter, from, direction), sort).range(0, limit - 1)
                .list()) {
            jobs.add(entity.toJob());
        }
        if (direction == ListDirection.NEWER) {
            Collections.reverse(jobs);
        }
        return jobs;
    }

    /** Whether any job of the filter stands at {@code from} or beyond it in that direction. */
    public boolean existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListDirection direction) {
        List<Bson> clauses = filterClauses(scope, filter);
        clauses.add(beyond(from, direction, true));
        return find(and(clauses)).firstResultOptional().isPresent();
    }

    /**
     * Atomically claims the oldest job that is {@code PENDING}, or {@code IN_PROGRESS} under a lease that expired
     * (its worker died), for {@code owner} until {@code leaseUntil}. Two workers never claim the same job: the
     * filter and the update are one findOneAndUpdate.
     */
    public Optional<DataDeletionJob> claimNext(String owner, Instant now, Instant leaseUntil) {
        Bson claimable = or(eq(STATUS, JobStatus.PENDING.name()),
                and(eq(STATUS, JobStatus.IN_PROGRESS.name()), lt(LEASE, now)));
        DataDeletionJobEntity claimed = mongoCollection().findOneAndUpdate(claimable,
                Updates.combine(Updates.set(STATUS, JobStatus.IN_PROGRESS.name()), Updates.set(OWNER, owner),
                        Updates.set(LEASE, leaseUntil), Updates.set(UPDATED, now)),
                new FindOneAndUpdateOptions().sort(ascending(CREATED)).returnDocument(ReturnDocument.AFTER));
        return Optional.ofNullable(claimed).map(DataDeletionJobEntity::toJob);
    }

    /** Extends {@code owner}'s lease on a running job; false when the job is no longer its to run. */
    public boolean renewLease(String arn, String owner, Instant leaseUntil) {
        return mongoCollection().updateOne(heldBy(arn, owner), Updates.set(LEASE, leaseUntil))
                .getModifiedCount() == 1;
    }

    /** Records how {@code owner}'s job ended; false (changing nothing) when the job is no longer its own. */
    public boolean finish(String arn, String owner, JobOutcome outcome, Instant now) {
        return mongoCollection().updateOne(heldBy(arn, owner), Updates.combine(
                Updates.set(STATUS, outcome.status().name()),
                Updates.set("numDeleted", outcome.numDeleted()),
                Updates.set("failureReason", outcome.failureReason()),
                Updates.set(UPDATED, now),
                Updates.unset(OWNER),
                Updates.unset(LEASE))).getModifiedCount() == 1;
    }

    /** Hands {@code owner}'s unfinished job back as {@code PENDING}, for another worker to run. */
    public boolean release(String arn, String owner, Instant now) {
        return mongoCollection().updateOne(heldBy(arn, owner), Updates.combine(
                Updates.set(STATUS, JobStatus.PENDING.name()),
                Updates.set(UPDATED, now),
                Updates.unset(OWNER),
                Updates.unset(LEASE))).getModifiedCount() == 1;
    }

    /** How many jobs are in {@code status}, across every account and region. */
    public long countByStatus(JobStatus status) {
        return count(eq(STATUS, status.name()));
    }

    /** When the oldest {@code PENDING} job was created, across every account; empty when none waits. */
    public Optional<Instant> oldestPendingCreation() {
        return find(eq(STATUS, JobStatus.PENDING.name()), new Document(CREATED, 1)).firstResultOptional()
                .map(entity -> entity.creationDateTime);
    }

    private static Bson heldBy(String arn, String owner) {
        return and(eq(ID, arn), eq(OWNER, owner), eq(STATUS, JobStatus.IN_PROGRESS.name()));
    }

    public long count(AccountScope scope, JobFilter filter) {
        return count(and(filterClauses(scope, filter)));
    }

    private static Bson query(AccountScope scope, JobFilter filter, ListPosition from, ListDirection direction) {
        List<Bson> clauses = filterClauses(scope, filter);
        if (from != null) {
            clauses.add(beyond(from, direction, false));
        }
        return and(clauses);
    }

    private static List<Bson> filterClauses(AccountScope scope, JobFilter filter) {
        List<Bson> clauses = new ArrayList<>(4);
        clauses.add(inScope(scope));
        if (filter.datasetGroupArn() != null) {
            clauses.add(eq("datasetGroupArn", filter.datasetGroupArn()));
        }
        if (!filter.statuses().isEmpty()) {
            clauses.add(in(STATUS, filter.statuses().stream().map(Enum::name).sorted().toList()));
        }
        return clauses;
    }

    /** Keyset condition: older (or newer) than {@code from} in (creationDateTime, _id) order. */
    private static Bson beyond(ListPosition from, ListDirection direction, boolean inclusive) {
        Instant created = from.creationDateTime();
        if (direction == ListDirection.OLDER) {
            return or(lt(CREATED, created),
                    and(eq(CREATED, created), inclusive ? lte(ID, from.arn()) : lt(ID, from.arn())));
        }
        return or(gt(CREATED, created),
                and(eq(CREATED, created), inclusive ? gte(ID, from.arn()) : gt(ID, from.arn())));
    }

    private static Bson inScope(AccountScope scope) {
        return and(eq("accountId", scope.accountId()), eq("region", scope.region()));
    }
}
