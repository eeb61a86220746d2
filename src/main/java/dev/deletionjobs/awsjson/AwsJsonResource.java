package dev.deletionjobs.awsjson;

import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.error.ThrottlingException;
import dev.deletionjobs.http.AnswerBudget;
import dev.deletionjobs.http.ClientConnections;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.pagination.JobPage;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.security.Callers;
import dev.deletionjobs.security.SignedRequests;
import dev.deletionjobs.service.DataDeletionJobService;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The awsJson 1.1 endpoint: every operation is {@code POST /}, named by {@code X-Amz-Target}. This class only parses,
 * dispatches and maps; the service owns every rule, paging's included. Errors leave through {@link AwsErrorMapper}.
 */
@Path("/")
public class AwsJsonResource {

    static final String TARGET_PREFIX = "AmazonPersonalize.";
    static final String UNKNOWN_OPERATION = "UnknownOperation";
    static final String TARGET_HEADER = "X-Amz-Target";
    /** The operations, by name: what a target may name, and the only values of the metrics' operation tag. */
    private static final Set<String> OPERATIONS = Set.of("CreateDataDeletionJob", "DescribeDataDeletionJob",
            "ListDataDeletionJobs");

    private final DataDeletionJobService service;
    private final AwsJsonCodec codec;
    private final Callers callers;
    private final ApiCalls calls;
    private final AnswerBudget answers;
    /** Keyed by the exact header value, as AWS matches it. */
    private final Map<String, Operation<?>> operations;

    /**
     * An operation: the shape of its request, the longest answer a request of that shape may get
     * ({@link AwsAnswerLengths}), and what it answers.
     */
    private record Operation<R>(Class<R> shape, ToLongFunction<R> longestAnswer,
            BiFunction<AccountScope, R, Object> run) {
    }

    AwsJsonResource(DataDeletionJobService service, AwsJsonCodec codec, Callers callers, ApiCalls calls,
            AnswerBudget answers) {
        this.service = service;
        this.codec = codec;
        this.callers = callers;
        this.calls = calls;
        this.answers = answers;
        this.operations = Map.ofEntries(
                Map.entry(TARGET_PREFIX + "CreateDataDeletionJob", new Operation<>(
                        Shapes.CreateDataDeletionJobRequest.class, request -> AwsAnswerLengths.CREATE, this::create)),
                Map.entry(TARGET_PREFIX + "DescribeDataDeletionJob", new Operation<>(
                        Shapes.DescribeDataDeletionJobRequest.class, request -> AwsAnswerLengths.DESCRIBE,
                        this::describe)),
                Map.entry(TARGET_PREFIX + "ListDataDeletionJobs", new Operation<>(
                        Shapes.ListDataDeletionJobsRequest.class,
                        request -> AwsAnswerLengths.list(request.maxResults()), this::list)));
        if (!operations.keySet().equals(OPERATIONS.stream().map(TARGET_PREFIX::concat).collect(Collectors.toSet()))) {
            throw new IllegalStateException("The operations served " + operations.keySet() + " are not " + OPERATIONS);
        }
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response invoke(@HeaderParam(TARGET_HEADER) String target, byte[] body,
            @Context HttpServerRequest request) {
        return calls.measure(ApiCalls.AWSJSON, operationName(target), () -> {
            // Who calls comes first: an unauthenticated caller learns nothing, not even which targets exist.
            AccountScope scope = callers.authenticateAws(SignedRequests.of(request, body));
            if (target == null || target.isEmpty()) {
                throw new UnknownOperationException("The request names no operation: send an X-Amz-Target header.");
            }
            if (request.headers().getAll(TARGET_HEADER).size() > 1) {
                // Which one counts would be a guess, and a proxy in front may have guessed the other.
                throw new UnknownOperationException("The request names more than one operation: send one X-Amz-Target"
                        + " header.");
            }
            Operation<?> operation = operations.get(target);
            if (operation == null) {
                throw new UnknownOperationException("Unknown operation " + ConstraintViolations.shown(target) + ".");
            }
            return answer(operation, scope, body, request);
        });
    }

    /**
     * The operation's answer to {@code body}, holding its place in the replica's budget of answers from before the
     * store is asked until the answer is in the socket.
     */
    private <R> Response answer(Operation<R> operation, AccountScope scope, byte[] body, HttpServerRequest request) {
        R shape = codec.read(body, operation.shape());
        AnswerBudget.Hold hold = reserve(scope, operation.longestAnswer().applyAsLong(shape));
        boolean handedOff = false;
        try {
            Buffer answer = codec.write(operation.run().apply(scope, shape));
            hold.settle(answer.length());
            ClientConnections.releaseWhenSent(request, hold);
            handedOff = true;
            return Response.ok(answer, AwsJsonCodec.CONTENT_TYPE).build();
        } finally {
            if (!handedOff) {
                // An error's answer is short, and the connection's own bounds hold it.
                hold.release();
            }
        }
    }

    /**
     * Takes the longest answer the operation may write from the replica's budget of answers, before any work: a
     * caller whose answers wait unread on connection after connection is refused once its account's share is
     * held, instead of filling the heap with them.
     */
    private AnswerBudget.Hold reserve(AccountScope scope, long longestAnswer) {
        AnswerBudget.Hold hold = answers.open();
        switch (hold.reserve(scope.accountId(), longestAnswer)) {
            case TAKEN -> {
                return hold;
            }
            case REPLICA_FULL -> throw new ThrottlingException("The service is holding as many answers as it may at"
                    + " once (" + answers.capacity() + " bytes at their longest); retry shortly.");
            default -> throw new ThrottlingException("This account's answers in progress hold as much as one account"
                    + " may at once (" + answers.accountShare() + " bytes at their longest): read the answers already"
                    + " asked for, and retry shortly.");
        }
    }

    /**
     * Only POST invokes an operation: OPTIONS is refused as every other method is, not with RESTEasy's own answer (a
     * 200 without a body, allowing a HEAD that is refused).
     */
    @OPTIONS
    public Response options() {
        throw new NotAllowedException(HttpMethod.POST);
    }

    /** The operation a target names, for metrics and logs: one of the service's, or {@code UnknownOperation}. */
    static String operationName(String target) {
        String name = target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length())
                : null;
        return name != null && OPERATIONS.contains(name) ? name : UNKNOWN_OPERATION;
    }

    private Shapes.CreateDataDeletionJobResponse create(AccountScope scope, Shapes.CreateDataDeletionJobRequest request) {
        DataDeletionJob job = service.create(scope, ShapeMapper.toNewJob(request));
        return new Shapes.CreateDataDeletionJobResponse(job.arn());
    }

    private Shapes.DescribeDataDeletionJobResponse describe(AccountScope scope,
            Shapes.DescribeDataDeletionJobRequest request) {
        // No answer of this interface carries tags: they are left in the store.
        DataDeletionJob job = service.describe(scope, "dataDeletionJobArn", request.dataDeletionJobArn(),
                JobReading.WITHOUT_TAGS);
        return new Shapes.DescribeDataDeletionJobResponse(ShapeMapper.toShape(job));
    }

    private Shapes.ListDataDeletionJobsResponse list(AccountScope scope, Shapes.ListDataDeletionJobsRequest request) {
        ConstraintViolations violations = new ConstraintViolations();
        JobFilter filter = service.filterOf(request.datasetGroupArn(), null, violations);
        DataDeletionJobService.checkNextToken("nextToken", request.nextToken(), violations);
        PageRequest pageRequest = DataDeletionJobService.pageOf(ListDirection.FORWARD, "maxResults",
                request.maxResults(), 1, request.nextToken(), violations);
        violations.throwIfAny();

        JobPage page = service.list(scope, filter, ListOrder.NEWEST_FIRST, pageRequest, JobReading.WITHOUT_TAGS);
        String nextToken = page.hasNext() ? page.cursorOf(page.jobs().get(page.jobs().size() - 1)) : null;
        return new Shapes.ListDataDeletionJobsResponse(ShapeMapper.toSummaries(page.jobs()), nextToken);
    }
}
