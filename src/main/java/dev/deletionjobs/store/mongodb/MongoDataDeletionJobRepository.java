package dev.deletionjobs.store.mongodb;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.not;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Indexes.ascending;
import static com.mongodb.client.model.Indexes.compoundIndex;
import static com.mongodb.client.model.Indexes.descending;
import static com.mongodb.client.model.Projections.exclude;
import static com.mongodb.client.model.Projections.include;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

import dev.deletionjobs.config.PersonalizeConfig;
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
import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/**
 * The MongoDB store: the only code that touches MongoDB. Every query is confined to one {@link AccountScope};
 * listings are keyset scans over {@code (creationDateTime desc, _id desc)}, served by the two indexes that
 * {@link #prepare()} creates, walked forward for older jobs and backward for newer ones. Typed to its class, so only
 * {@code StoreSelection} hands it out as the store.
 */
@ApplicationScoped
@Typed(MongoDataDeletionJobRepository.class)
@StoreCall
public class MongoDataDeletionJobRepository
        implements PanacheMongoRepositoryBase<DataDeletionJobDocument, String>, DataDeletionJobStore {

    private static final String ID = "_id";
    private static final String CREATED = "creationDateTime";
    private static final String STATUS = "status";
    private static final String OWNER = "owner";
    private static final String LEASE = "leaseExpiry";
    private static final String UPDATED = "lastUpdatedDateTime";
    private static final String ACCOUNT = "accountId";
    /** How many times the job was claimed; documents written before it existed read as 0. */
    private static final String ATTEMPTS = "attempts";
    private static final String COUNT = "count";
    /** An account's slots, {@code _id} {@code accountId#n}: a running job holds one (owner, job, lease) to run. */
    private static final String SLOTS = "account_slots";
    private static final String JOB = "job";
    private static final Bson FREE_SLOT = Updates.combine(Updates.set(LEASE, Instant.EPOCH), Updates.unset(OWNER),
            Updates.unset(JOB));

    /** The workers' queue by account, {@code (accountId, status, creationDateTime)}: what the claim reads. */
    private static final String QUEUE_BY_ACCOUNT = "work_queue_by_account";
    /** A job a worker has yet to run or is running. */
    private static final Bson QUEUED = in(STATUS, JobStatus.PENDING.name(), JobStatus.IN_PROGRESS.name());
    /** A job a worker has finished. */
    private static final Bson FINISHED = in(STATUS, JobStatus.COMPLETED.name(), JobStatus.FAILED.name());
    /** An account's jobs by status, the last changed first: what pruning walks, for the finished ones. */
    private static final String FINISHED_BY_ACCOUNT = "finished_by_account";
    private static final Bson LAST_FINISHED_FIRST = new Document(UPDATED, -1).append(ID, -1);

    private static final Bson WITHOUT_TAGS = exclude(DataDeletionJobDocument.TAGS);
    private static final Bson NEWEST_FIRST = new Document(CREATED, -1).append(ID, -1);
    private static final Bson OLDEST_FIRST = new Document(CREATED, 1).append(ID, 1);

    /**
     * How long MongoDB may work on one read ({@code maxTimeMS}) before it ends it itself, as {@code statement_timeout}
     * bounds PostgreSQL's: a read the client gave up on (its read timeout) would otherwise go on in the server. Writes
     * go without it: a findAndModify's deadline can pass after its write was applied (waiting for the write concern),
     * and the call would be answered as not done.
     */
    private final long maxTimeMs;

    MongoDataDeletionJobRepository(PersonalizeConfig config) {
        this.maxTimeMs = config.store().mongodb().maxTime().toMillis();
    }

    /** Creates the indexes of the list shapes, the workers' queue, pruning and the account slots; idempotent. */
    @Override
    public void prepare() {
        mongoCollection().createIndexes(List.of(
                new IndexModel(ascending(STATUS, CREATED), new IndexOptions().name("work_queue")),
                new IndexModel(ascending(ACCOUNT, STATUS, CREATED), new IndexOptions().name(QUEUE_BY_ACCOUNT)),
                new IndexModel(
                        compoundIndex(ascending("accountId", "region", "datasetGroupArn"), descending(CREATED, ID)),
                        new IndexOptions().name("by_dataset_group_newest_first")),
                new IndexModel(
                        compoundIndex(ascending("accountId", "region"), descending(CREATED, ID)),
                        new IndexOptions().name("by_account_newest_first")),
                new IndexModel(compoundIndex(ascending(ACCOUNT, STATUS), descending(UPDATED, ID)),
                        new IndexOptions().name(FINISHED_BY_ACCOUNT))));
        slots().createIndex(ascending(JOB), new IndexOptions().name("by_job"));
    }

    @Override
    public boolean insert(DataDeletionJob job) {
        try {
            persist(DataDeletionJobDocument.from(job));
            return true;
        } catch (MongoWriteException e) {
            if (ErrorCategory.fromErrorCode(e.getCode()) == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<DataDeletionJob> findByArn(AccountScope scope, String arn, JobReading reading) {
        return jobs(read(and(inScope(scope), eq(ID, arn)), reading).limit(1), reading).stream().findFirst();
    }

    @Override
    public List<DataDeletionJob> findByArns(AccountScope scope, Collection<String> arns, JobReading reading) {
        return jobs(read(and(inScope(scope), in(ID, arns)), reading), reading);
    }

    @Override
    public List<DataDeletionJob> findPage(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction, int limit, JobReading reading) {
        boolean towardsOlder = order.walksTowardsOlder(direction);
        Bson sort = towardsOlder ? NEWEST_FIRST : OLDEST_FIRST;
        return direction.inListingOrder(
                jobs(read(query(scope, filter, from, towardsOlder), reading).sort(sort).limit(limit), reading));
    }

    /** The documents {@code filter} selects, their tags left on the server unless {@code reading} asks for them. */
    private FindIterable<DataDeletionJobDocument> read(Bson filter, JobReading reading) {
        FindIterable<DataDeletionJobDocument> found = mongoCollection().find(filter).maxTime(maxTimeMs, MILLISECONDS);
        return reading == JobReading.WHOLE ? found : found.projection(WITHOUT_TAGS);
    }

    private static List<DataDeletionJob> jobs(FindIterable<DataDeletionJobDocument> found, JobReading reading) {
        return found.map(document -> document.toJob(reading)).into(new ArrayList<>());
    }

    @Override
    public boolean existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction) {
        List<Bson> clauses = filterClauses(scope, filter);
        clauses.add(beyond(from, order.walksTowardsOlder(direction), true));
        // The key alone: a whole document may carry 300 KB of tags.
        return mongoCollection().find(and(clauses)).projection(include(ID)).limit(1).maxTime(maxTimeMs, MILLISECONDS)
                .first() != null;
    }

    /**
     * Takes a slot of the account whose oldest claimable job has waited longest, then that account's oldest claimable
     * job with one findOneAndUpdate (filter and update together), so two workers never claim the same job and no
     * account runs more jobs than it has slots.
     */
    @Override
    public Optional<DataDeletionJob> claimNext(String owner, Duration lease, int maxRunningPerAccount,
            int maxAttempts, Instant now) {
        Instant storeNow = storeNow();
        Instant leaseUntil = storeNow.plus(lease);
        Bson claimable = or(eq(STATUS, JobStatus.PENDING.name()), and(eq(STATUS, JobStatus.IN_PROGRESS.name()),
                lt(LEASE, storeNow), not(gte(ATTEMPTS, maxAttempts))));
        for (String account : accountsOldestFirst(claimable)) {
            Optional<String> slot = takeSlot(account, owner, storeNow, leaseUntil, maxRunningPerAccount);
            if (slot.isEmpty()) {
                continue;
            }
            DataDeletionJobDocument claimed = mongoCollection().findOneAndUpdate(and(eq(ACCOUNT, account), claimable),
                    Updates.combine(Updates.set(STATUS, JobStatus.IN_PROGRESS.name()), Updates.set(OWNER, owner),
                            Updates.set(LEASE, leaseUntil), Updates.set(UPDATED, now), Updates.inc(ATTEMPTS, 1)),
                    new FindOneAndUpdateOptions().sort(ascending(CREATED)).returnDocument(ReturnDocument.AFTER));
            if (claimed != null) {
                slots().updateOne(and(eq(ID, slot.get()), eq(OWNER, owner)), Updates.set(JOB, claimed.arn));
                return Optional.of(claimed.toJob());
            }
            slots().updateOne(and(eq(ID, slot.get()), eq(OWNER, owner), exists(JOB, false)), FREE_SLOT);
        }
        return Optional.empty();
    }

    /**
     * The accounts with claimable jobs, the one whose oldest claimable job has waited longest first. Found as
     * PostgreSQL's claim finds them: a skip scan of the per-account queue index (one probe per account, the next
     * account after the last, however many jobs each has waiting), then each one's oldest claimable job by a probe of
     * the same index. A grouping of the whole queue would read every waiting job on every claim, so one account that
     * queued a million jobs would slow every replica's claims for every account.
     */
    private List<String> accountsOldestFirst(Bson claimable) {
        MongoCollection<Document> jobs = mongoCollection().withDocumentClass(Document.class);
        Map<String, Instant> oldest = new HashMap<>();
        for (String account = nextQueuedAccount(jobs, null); account != null; account = nextQueuedAccount(jobs,
                account)) {
            Document job = jobs.find(and(eq(ACCOUNT, account), claimable)).projection(include(CREATED))
                    .sort(ascending(CREATED)).hintString(QUEUE_BY_ACCOUNT).limit(1).maxTime(maxTimeMs, MILLISECONDS)
                    .first();
            if (job != null) {
                oldest.put(account, job.getDate(CREATED).toInstant());
            }
        }
        return oldest.entrySet().stream()
                .sorted(Map.Entry.<String, Instant> comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * The first account after {@code after} (from the first, when null) with a job waiting or running. Hinted: an
     * index of the listings also walks accounts in order, but through every finished job they have.
     */
    private String nextQueuedAccount(MongoCollection<Document> jobs, String after) {
        Document next = jobs.find(after == null ? QUEUED : and(QUEUED, gt(ACCOUNT, after))).projection(include(ACCOUNT))
                .sort(ascending(ACCOUNT)).hintString(QUEUE_BY_ACCOUNT).limit(1).maxTime(maxTimeMs, MILLISECONDS)
                .first();
        return next == null ? null : next.getString(ACCOUNT);
    }

    /**
     * One of the account's slots ({@code accountId#0} up to the cap) that is free or whose lease lapsed, taken for
     * {@code owner} with one findOneAndUpdate, after creating the slots that do not exist yet (free) in one write.
     */
    private Optional<String> takeSlot(String account, String owner, Instant storeNow, Instant leaseUntil,
            int maxRunningPerAccount) {
        List<String> ids = IntStream.range(0, maxRunningPerAccount).mapToObj(i -> account + "#" + i).toList();
        slots().bulkWrite(ids.stream().map(id -> new UpdateOneModel<Document>(eq(ID, id),
                Updates.setOnInsert(LEASE, Instant.EPOCH), new UpdateOptions().upsert(true))).toList(),
                new BulkWriteOptions().ordered(false));
        Document taken = slots().findOneAndUpdate(and(in(ID, ids), lt(LEASE, storeNow)),
                Updates.combine(Updates.set(OWNER, owner), Updates.set(LEASE, leaseUntil), Updates.unset(JOB)));
        return Optional.ofNullable(taken).map(slot -> slot.getString(ID));
    }

    @Override
    public List<String> giveUp(int maxAttempts, String reason, Instant now) {
        Bson exhausted = and(eq(STATUS, JobStatus.IN_PROGRESS.name()), lt(LEASE, storeNow()),
                gte(ATTEMPTS, maxAttempts));
        List<String> failed = new ArrayList<>();
        DataDeletionJobDocument job;
        while ((job = mongoCollection().findOneAndUpdate(exhausted, Updates.combine(
                Updates.set(STATUS, JobStatus.FAILED.name()),
                Updates.set("failureReason", reason),
                Updates.set(UPDATED, now),
                Updates.unset(OWNER),
                Updates.unset(LEASE)))) != null) {
            failed.add(job.arn);
        }
        return failed;
    }

    @Override
    public boolean renewLease(String arn, String owner, Duration lease) {
        Instant now = storeNow();
        Instant leaseUntil = now.plus(lease);
        // The slot first: one whose lease lapsed may be another claim's already, and a job renewed without it would
        // run beyond its account's cap. Matched, not modified: a renewal that sets the time the lease already has (the
        // same millisecond) still holds the job, and the worker now gives up a job whose renewal says otherwise.
        if (slots().updateOne(and(slotOf(arn, owner), gte(LEASE, now)), Updates.set(LEASE, leaseUntil))
                .getMatchedCount() != 1) {
            return false;
        }
        if (mongoCollection().updateOne(and(heldBy(arn, owner), gte(LEASE, now)), Updates.set(LEASE, leaseUntil))
                .getMatchedCount() != 1) {
            // The job is no longer this claim's: neither is the slot it held.
            slots().updateMany(slotOf(arn, owner), FREE_SLOT);
            return false;
        }
        return true;
    }

    @Override
    public boolean finish(String arn, String owner, JobOutcome outcome, Instant now) {
        boolean finished = mongoCollection().updateOne(heldBy(arn, owner), Updates.combine(
                Updates.set(STATUS, outcome.status().name()),
                Updates.set("numDeleted", outcome.numDeleted()),
                Updates.set("failureReason", outcome.failureReason()),
                Updates.set(UPDATED, now),
                Updates.unset(OWNER),
                Updates.unset(LEASE))).getModifiedCount() == 1;
        slots().updateMany(slotOf(arn, owner), FREE_SLOT);
        return finished;
    }

    @Override
    public boolean release(String arn, String owner, Instant now) {
        boolean released = mongoCollection().updateOne(heldBy(arn, owner), Updates.combine(
                Updates.set(STATUS, JobStatus.PENDING.name()),
                Updates.set(UPDATED, now),
                Updates.inc(ATTEMPTS, -1),
                Updates.unset(OWNER),
                Updates.unset(LEASE))).getModifiedCount() == 1;
        slots().updateMany(slotOf(arn, owner), FREE_SLOT);
        return released;
    }

    /**
     * The server's clock, so leases mean the same to every replica: mongo-java-server runs no update pipelines (no
     * {@code $$NOW} in an update), while both it and MongoDB answer {@code isMaster} with their {@code localTime}.
     */
    private Instant storeNow() {
        return mongoDatabase().runCommand(new Document("isMaster", 1)).getDate("localTime").toInstant()
                .truncatedTo(ChronoUnit.MILLIS);
    }

    /** The account slots: up to the cap per account that ran jobs, found by {@code job} when it renews or ends. */
    private MongoCollection<Document> slots() {
        return mongoDatabase().getCollection(SLOTS);
    }

    private static Bson slotOf(String arn, String owner) {
        return and(eq(JOB, arn), eq(OWNER, owner));
    }

    /**
     * The account's finished jobs, in every region, past the {@code kept} that finished last, found by merging the two
     * statuses' ranges of their index (read from the index alone), then deleted by {@code _id}, if still finished.
     */
    @Override
    public int pruneFinished(String accountId, int kept, int atMost) {
        List<String> past = new ArrayList<>();
        for (Document job : mongoCollection().find(and(eq(ACCOUNT, accountId), FINISHED), Document.class)
                .sort(LAST_FINISHED_FIRST).hintString(FINISHED_BY_ACCOUNT).projection(include(ID)).skip(kept)
                .limit(atMost).maxTime(maxTimeMs, MILLISECONDS)) {
            past.add(job.getString(ID));
        }
        return past.isEmpty() ? 0 : (int) mongoCollection().deleteMany(and(in(ID, past), FINISHED)).getDeletedCount();
    }

    @Override
    public long countByStatus(JobStatus status) {
        return mongoCollection().countDocuments(eq(STATUS, status.name()),
                new CountOptions().maxTime(maxTimeMs, MILLISECONDS));
    }

    @Override
    public Optional<Instant> oldestPendingCreation() {
        return Optional.ofNullable(mongoCollection().find(eq(STATUS, JobStatus.PENDING.name()))
                .sort(new Document(CREATED, 1)).projection(include(CREATED)).limit(1).maxTime(maxTimeMs, MILLISECONDS)
                .first())
                .map(entity -> entity.creationDateTime);
    }

    /**
     * No server in time, a network fault, and a failover: a primary that stepped down, a member shutting down or
     * recovering, a pool cleared after a network fault (what PostgreSQL's 57P and 25006 are to that store); and a read
     * that MongoDB ended at its {@code maxTimeMS} (what 57014, {@code statement_timeout}, is there).
     */
    @Override
    public boolean isUnreachable(Throwable failure) {
        return failure instanceof MongoTimeoutException || failure instanceof MongoExecutionTimeoutException
                || failure instanceof MongoSocketException
                || failure instanceof MongoNotPrimaryException || failure instanceof MongoNodeIsRecoveringException
                || failure instanceof MongoConnectionPoolClearedException
                || failure instanceof MongoServerUnavailableException;
    }

    private static Bson heldBy(String arn, String owner) {
        return and(eq(ID, arn), eq(OWNER, owner), eq(STATUS, JobStatus.IN_PROGRESS.name()));
    }

    @Override
    public long count(AccountScope scope, JobFilter filter) {
        return mongoCollection().countDocuments(and(filterClauses(scope, filter)),
                new CountOptions().maxTime(maxTimeMs, MILLISECONDS));
    }

    /**
     * Hinted to the queue index by account, as the claim is: the account's newest-first index would serve the same
     * filter by reading its finished jobs too. The limit stops the count there.
     */
    @Override
    public long countWaiting(String accountId, int atMost) {
        return mongoCollection().countDocuments(and(eq(ACCOUNT, accountId), QUEUED),
                new CountOptions().hintString(QUEUE_BY_ACCOUNT).limit(atMost).maxTime(maxTimeMs, MILLISECONDS));
    }

    /** One aggregation: the filter's jobs, grouped by status and counted. */
    @Override
    public StatusCounts countByStatus(AccountScope scope, JobFilter filter) {
        List<Bson> pipeline = List.of(Aggregates.match(and(filterClauses(scope, filter))),
                Aggregates.group("$" + STATUS, Accumulators.sum(COUNT, 1)));
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (Document group : mongoCollection().aggregate(pipeline, Document.class).maxTime(maxTimeMs, MILLISECONDS)) {
            counts.put(JobStatus.valueOf(group.getString(ID)), ((Number) group.get(COUNT)).longValue());
        }
        return new StatusCounts(counts);
    }

    private static Bson query(AccountScope scope, JobFilter filter, ListPosition from, boolean towardsOlder) {
        List<Bson> clauses = filterClauses(scope, filter);
        if (from != null) {
            clauses.add(beyond(from, towardsOlder, false));
        }
        return and(clauses);
    }

    private static List<Bson> filterClauses(AccountScope scope, JobFilter filter) {
        List<Bson> clauses = new ArrayList<>(6);
        clauses.add(inScope(scope));
        if (filter.datasetGroupArn() != null) {
            clauses.add(eq("datasetGroupArn", filter.datasetGroupArn()));
        }
        if (!filter.statuses().isEmpty()) {
            clauses.add(in(STATUS, filter.statuses().stream().map(Enum::name).sorted().toList()));
        }
        // The window bounds the index's creationDateTime key, in the same query as the rest.
        if (filter.createdAfter() != null) {
            clauses.add(gt(CREATED, filter.createdAfter()));
        }
        if (filter.createdBefore() != null) {
            clauses.add(lt(CREATED, filter.createdBefore()));
        }
        return clauses;
    }

    /** Keyset condition: older (or newer) than {@code from} in (creationDateTime, _id) order. */
    private static Bson beyond(ListPosition from, boolean towardsOlder, boolean inclusive) {
        Instant created = from.creationDateTime();
        if (towardsOlder) {
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
