package dev.deletionjobs.graphql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Source;

import dev.deletionjobs.error.ApiException;
import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.error.ResourceNotFoundException;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.StoreFailures;
import dev.deletionjobs.job.StoreUnavailableException;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.pagination.JobPage;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.security.Callers;
import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.service.DataDeletionJobService;
import graphql.schema.DataFetchingEnvironment;
import io.quarkus.logging.Log;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.graphql.api.Context;
import io.smallrye.graphql.api.Nullable;
import io.smallrye.graphql.api.Subscription;
import io.smallrye.mutiny.Multi;

/**
 * The GraphQL face of the service: the same jobs, rules and signed cursors as the AWS interface. This class only
 * maps arguments and results; errors leave as the service raised them, with their AWS name in
 * {@code extensions.code}.
 */
@GraphQLApi
@Blocking
public class DataDeletionJobGraphQLApi {

    private final DataDeletionJobService service;
    private final Callers callers;
    private final ApiCalls calls;
    private final DataDeletionJobChanges changes;
    /** SmallRye's view of the field being resolved, on the thread that resolves it. */
    private final Context context;

    DataDeletionJobGraphQLApi(DataDeletionJobService service, Callers callers, ApiCalls calls,
            DataDeletionJobChanges changes, Context context) {
        this.service = service;
        this.context = context;
        this.changes = changes;
        this.callers = callers;
        this.calls = calls;
    }

    @Query("dataDeletionJobs")
    @NonNull
    @Description("Data deletion jobs, newest first unless orderBy says otherwise, as a Relay cursor connection: page"
            + " forward with first and after, backward with last and before. Without first or last, a page holds "
            + RelayArguments.DEFAULT_PAGE_SIZE + " jobs.")
    public DataDeletionJobConnection dataDeletionJobs(
            @Description("Only the jobs of this dataset group (its ARN).") String datasetGroupArn,
            @Nullable @Description("Only jobs in one of these statuses.") List<@NonNull DataDeletionJobStatus> status,
            @Description("Only the jobs created strictly after this instant.") Instant createdAfter,
            @Description("Only the jobs created strictly before this instant.") Instant createdBefore,
            @Description("The order of the jobs; newest first (CREATION_DATE_TIME, DESC) when not given.") DataDeletionJobOrder orderBy,
            @Description("How many jobs to return after the cursor given as after (0 to 100).") Integer first,
            @Description("A cursor: return the jobs that follow the job it stands for.") String after,
            @Description("How many jobs to return before the cursor given as before (0 to 100).") Integer last,
            @Description("A cursor: return the jobs that precede the job it stands for.") String before) {
        return connection(datasetGroupArn, status, createdAfter, createdBefore, orderBy, first, after, last, before,
                tagsShown(SelectedTags.IN_CONNECTION));
    }

    /**
     * {@link #dataDeletionJobs} with the jobs read as {@code reading} says: what {@link ConnectionFetchers} calls, with
     * the reading of the field's selection.
     */
    DataDeletionJobConnection connection(String datasetGroupArn, List<DataDeletionJobStatus> status,
            Instant createdAfter, Instant createdBefore, DataDeletionJobOrder orderBy, Integer first, String after,
            Integer last, String before, JobReading reading) {
        return resolve("dataDeletionJobs", () -> {
            ConstraintViolations violations = new ConstraintViolations();
            JobFilter filter = service.filterOfStatuses(datasetGroupArn, NodeMapper.toJobStatuses(status),
                    createdAfter, createdBefore, violations);
            PageRequest request = RelayArguments.toPageRequest(first, after, last, before, violations);
            violations.throwIfAny();

            AccountScope scope = callers.graphQLCaller();
            JobPage page = service.list(scope, filter, NodeMapper.toListOrder(orderBy), request, reading);
            return new DataDeletionJobConnection(page, scope, filter);
        });
    }

    @Name("totalCount")
    @NonNull
    @Description("How many jobs match the connection's filters, on every page; counted only when selected.")
    public int totalCount(@Source DataDeletionJobConnection connection) {
        return Math.toIntExact(connection.count(
                () -> resolve("totalCount", () -> service.count(connection.scope(), connection.filter()))));
    }

    @Query("dataDeletionJobCounts")
    @NonNull
    @Description("How many jobs match the filters, in all and in each status, counted in one query: a dashboard's"
            + " header.")
    public DataDeletionJobCounts dataDeletionJobCounts(
            @Description("Only the jobs of this dataset group (its ARN).") String datasetGroupArn,
            @Description("Only the jobs created strictly after this instant.") Instant createdAfter,
            @Description("Only the jobs created strictly before this instant.") Instant createdBefore) {
        return resolve("dataDeletionJobCounts", () -> {
            ConstraintViolations violations = new ConstraintViolations();
            JobFilter filter = service.filterOfStatuses(datasetGroupArn, null, createdAfter, createdBefore, violations);
            violations.throwIfAny();
            return NodeMapper.toCounts(service.countByStatus(callers.graphQLCaller(), filter));
        });
    }

    @Name("hasNextPage")
    @NonNull
    @Description("Whether jobs follow this page in the connection's order (older ones, newest first).")
    public boolean hasNextPage(@Source DataDeletionJobConnection.PageInfo pageInfo) {
        return pageInfo.hasNext(() -> resolve("pageInfo", () -> pageInfo.page().hasNext()));
    }

    @Name("hasPreviousPage")
    @NonNull
    @Description("Whether jobs precede this page in the connection's order (newer ones, newest first).")
    public boolean hasPreviousPage(@Source DataDeletionJobConnection.PageInfo pageInfo) {
        return pageInfo.hasPrevious(() -> resolve("pageInfo", () -> pageInfo.page().hasPrevious()));
    }

    @Query("dataDeletionJob")
    @Description("The job with this ARN, or null when the caller's account and region have none.")
    public DataDeletionJobNode dataDeletionJob(@Id @NonNull @Description("The job's ARN.") String arn) {
        return resolve("dataDeletionJob", () -> {
            try {
                return NodeMapper.toNode(service.describe(callers.graphQLCaller(), "arn", arn,
                        tagsShown(SelectedTags.ON_JOB)));
            } catch (ResourceNotFoundException e) {
                return null;
            }
        });
    }

    @Query("node")
    @Description("The object with this global id (a Node's id), or null when the caller's account and region have"
            + " none.")
    public Node node(@Id @NonNull @Description("A global id, exactly as a Node's id gave it.") String id) {
        return resolve("node", () -> {
            ConstraintViolations violations = new ConstraintViolations();
            String arn = GlobalIds.arnOf("id", id, violations);
            violations.throwIfAny();
            return nodesOf("id", List.of(arn)).get(0);
        });
    }

    @Query("nodes")
    @NonNull
    @Description("The objects with these global ids, in the order of the ids, null where the caller's account and"
            + " region have none: at most " + DataDeletionJobService.MAX_JOBS_PER_LOOKUP + " ids, read at once.")
    public List<Node> nodes(
            @Id @NonNull @Description("Global ids, exactly as Nodes' id gave them.") List<@NonNull String> ids) {
        return resolve("nodes", () -> {
            ConstraintViolations violations = new ConstraintViolations();
            DataDeletionJobService.checkLookupSize("ids", ids, violations);
            // Too many ids are refused on their count alone, before any is decoded.
            violations.throwIfAny();
            List<String> arns = new ArrayList<>(ids.size());
            for (int i = 0; i < ids.size(); i++) {
                arns.add(GlobalIds.arnOf("ids." + (i + 1) + ".member", ids.get(i), violations));
            }
            violations.throwIfAny();
            return nodesOf("ids", arns);
        });
    }

    /** The caller's jobs with these ARNs, in their order, null where there is none: one store query for all. */
    private List<Node> nodesOf(String member, List<String> arns) {
        Map<String, DataDeletionJob> jobs = service.describeAll(callers.graphQLCaller(), member, arns,
                tagsShown(SelectedTags.ON_JOB));
        List<Node> nodes = new ArrayList<>(arns.size());
        for (String arn : arns) {
            DataDeletionJob job = jobs.get(arn);
            nodes.add(job == null ? null : NodeMapper.toNode(job));
        }
        return nodes;
    }

    @Subscription("dataDeletionJobChanged")
    @NonBlocking
    @Description("Each job of the caller's account and region as it is created or changes status, on any replica,"
            + " from the moment of subscribing: over WebSocket (graphql-transport-ws). A subscriber that falls "
            + "behind is ended with LimitExceededException, one that may have missed changes with ServiceUnavailable;"
            + " either reads the jobs again and subscribes again. Never null: an event that ends the subscription carries errors.")
    public Multi<DataDeletionJobNode> dataDeletionJobChanged(
            @Description("Only the jobs of this dataset group (its ARN).") String datasetGroupArn,
            @Nullable @Description("Only changes to one of these statuses.") List<@NonNull DataDeletionJobStatus> status) {
        return resolve("dataDeletionJobChanged", () -> {
            ConstraintViolations violations = new ConstraintViolations();
            JobFilter filter = service.filterOfStatuses(datasetGroupArn, NodeMapper.toJobStatuses(status), null,
                    null, violations);
            violations.throwIfAny();
            return changes.follow(callers.graphQLCaller(), filter)
                    .onFailure(StoreUnavailableException.class)
                    .transform(interrupted -> new ServiceUnavailable(interrupted.getMessage()))
                    .map(NodeMapper::toNode);
        });
    }

    /** What {@link CreateJobFetcher} calls, with the input it made from the engine's coerced map. */
    @Mutation("createDataDeletionJob")
    @NonNull
    @Description("Creates a PENDING data deletion job, under the rules of AWS's CreateDataDeletionJob.")
    public DataDeletionJobNode createDataDeletionJob(
            @NonNull @Description("The new job.") CreateDataDeletionJobInput input) {
        return resolve("createDataDeletionJob",
                () -> NodeMapper.toNode(service.create(callers.graphQLCaller(), NodeMapper.toNewJob(input))));
    }

    /** How the field being resolved (through SmallRye's fetcher) reads its jobs: their tags only if it shows them. */
    private JobReading tagsShown(List<List<String>> paths) {
        return SelectedTags.reading(context.unwrap(DataFetchingEnvironment.class), paths);
    }

    /**
     * Resolves {@code field}, measured and logged as one call. The service's errors leave as they are; anything else
     * is logged here and leaves as InternalFailure.
     */
    private <T> T resolve(String field, Supplier<T> resolver) {
        try {
            return calls.measure(ApiCalls.GRAPHQL, field, resolver);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            if (StoreFailures.isUnavailable(e)) {
                calls.storeUnavailable("The GraphQL field " + field + " of request " + RequestIds.current(), e);
                throw new ServiceUnavailable();
            }
            Log.error("A GraphQL field failed with an unexpected fault", e);
            throw new InternalFailure();
        }
    }
}
