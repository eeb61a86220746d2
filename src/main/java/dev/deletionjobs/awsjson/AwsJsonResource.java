package dev.deletionjobs.awsjson;

import java.util.Map;
import java.util.function.BiFunction;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.deletionjobs.error.ApiException;
import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.http.ClosedConnections;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.StoreFailures;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.pagination.JobPage;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.security.Callers;
import dev.deletionjobs.security.SignedRequests;
import dev.deletionjobs.service.DataDeletionJobService;
import dev.deletionjobs.service.ModelPatterns;
import io.vertx.core.http.HttpServerRequest;

/**
 * The awsJson 1.1 endpoint: every operation is {@code POST /}, named by {@code X-Amz-Target}. This class only parses,
 * dispatches and maps; the service owns every rule. Errors leave through {@link AwsErrorMapper}.
 */
@Path("/")
public class AwsJsonResource {

    static final String TARGET_PREFIX = "AmazonPersonalize.";
    static final String UNKNOWN_OPERATION = "UnknownOperation";

    private final DataDeletionJobService service;
    private final AwsJsonCodec codec;
    private final Callers callers;
    private final ApiCalls calls;
    /** Keyed by the exact header value, as AWS matches it. */
    private final Map<String, BiFunction<AccountScope, byte[], Object>> operations;

    AwsJsonResource(DataDeletionJobService service, AwsJsonCodec codec, Callers callers, ApiCalls calls) {
        this.service = service;
        this.codec = codec;
        this.callers = callers;
        this.calls = calls;
        this.operations = Map.of(
                TARGET_PREFIX + "CreateDataDeletionJob",
                (scope, body) -> create(scope, codec.read(body, Shapes.CreateDataDeletionJobRequest.class)),
                TARGET_PREFIX + "DescribeDataDeletionJob",
                (scope, body) -> describe(scope, codec.read(body, Shapes.DescribeDataDeletionJobRequest.class)),
                TARGET_PREFIX + "ListDataDeletionJobs",
                (scope, body) -> list(scope, codec.read(body, Shapes.ListDataDeletionJobsRequest.class)));
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invoke(@HeaderParam("X-Amz-Target") String target, byte[] body,
            @Context HttpServerRequest request) {
        long start = System.nanoTime();
        String outcome = ApiCalls.SUCCESS;
        try {
            // Who calls comes first: an unauthenticated caller learns nothing, not even which targets exist.
            AccountScope scope = callers.authenticateAws(SignedRequests.of(request, body));
            if (target == null || target.isEmpty()) {
                throw new UnknownOperationException("The request names no operation: send an X-Amz-Target header.");
            }
            BiFunction<AccountScope, byte[], Object> operation = operations.get(target);
            if (operation == null) {
                throw new UnknownOperationException("Unknown operation " + target + ".");
            }
            return Response.ok(codec.write(operation.apply(scope, body)), AwsJsonCodec.CONTENT_TYPE).build();
        } catch (ApiException e) {
            outcome = e.errorCode();
            throw e;
        } catch (RuntimeException e) {
            if (ClosedConnections.isClosedByClient(e)) {
                outcome = ClosedConnections.OUTCOME;
            } else {
                outcome = StoreFailures.isUnavailable(e) ? AwsErrorMapper.SERVICE_UNAVAILABLE
                        : AwsErrorMapper.INTERNAL_FAILURE;
            }
            throw e;
        } finally {
            calls.record(ApiCalls.AWSJSON, operationName(target), outcome, start);
        }
    }

    /** The operation a target names, for metrics and logs: one of the service's, or {@code UnknownOperation}. */
    String operationName(String target) {
        return target != null && operations.containsKey(target)
                ? target.substring(TARGET_PREFIX.length()) : UNKNOWN_OPERATION;
    }

    private Shapes.CreateDataDeletionJobResponse create(AccountScope scope, Shapes.CreateDataDeletionJobRequest request) {
        DataDeletionJob job = service.create(scope, ShapeMapper.toNewJob(request));
        return new Shapes.CreateDataDeletionJobResponse(job.arn());
    }

    private Shapes.DescribeDataDeletionJobResponse describe(AccountScope scope,
            Shapes.DescribeDataDeletionJobRequest request) {
        DataDeletionJob job = service.describe(scope, request.dataDeletionJobArn());
        return new Shapes.DescribeDataDeletionJobResponse(ShapeMapper.toShape(job));
    }

    private Shapes.ListDataDeletionJobsResponse list(AccountScope scope, Shapes.ListDataDeletionJobsRequest request) {
        ConstraintViolations violations = new ConstraintViolations();
        JobFilter filter = service.filterOf(request.datasetGroupArn(), null, violations);
        violations.string("nextToken", request.nextToken(), 0, ModelPatterns.NEXT_TOKEN_MAX_LENGTH,
                ModelPatterns.NEXT_TOKEN);
        violations.range("maxResults", request.maxResults(), 1, PageRequest.MAX_SIZE);
        violations.throwIfAny();

        int size = request.maxResults() == null ? PageRequest.DEFAULT_SIZE : request.maxResults();
        JobPage page = service.list(scope, filter,
                new PageRequest(ListDirection.OLDER, size, request.nextToken()));
        String nextToken = page.hasNext() ? page.cursorOf(page.jobs().get(page.jobs().size() - 1)) : null;
        return new Shapes.ListDataDeletionJobsResponse(ShapeMapper.toSummaries(page.jobs()), nextToken);
    }
}
