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
import com.mongodb.client.model.IndexOptions;

import io.quarkus.mongodb.panache.PanacheMongoRepositoryBase;

/**
 * The only code that touches MongoDB. Every query is confined to one {@link AccountScope}; listings are keyset scans
 * over {@code (creationDateTime desc, _id desc)}, served by the two indexes created at startup.
 */
@ApplicationScoped
public class DataDeletionJobRepository implements PanacheMongoRepositoryBase<DataDeletionJobEntity, String> {

    private static final String ID = "_id";
    private static final String CREATED = "creationDateTime";

    private static final Bson NEWEST_FIRST = new Document(CREATED, -1).append(ID, -1);
    private static final Bson OLDEST_FIRST = new Document(CREATED, 1).append(ID, 1);

    /** Creates the indexes of the two list shapes (by dataset group, and across the account); idempotent. */
    public void createIndexes() {
        mongoCollection().createIndexes(List.of(
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
            clauses.add(in("status", filter.statuses().stream().map(Enum::name).sorted().toList()));
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
