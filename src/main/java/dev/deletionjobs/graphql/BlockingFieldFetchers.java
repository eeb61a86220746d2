package dev.deletionjobs.graphql;

import java.util.List;

import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.schema.model.Execute;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.OperationType;

/**
 * Moves the fields that ask the store (SmallRye's blocking operations: every field of the API class but the
 * subscription) to a worker thread of the request's own, with {@link RequestStoreCalls#onWorkerThread}, and SmallRye's
 * fetcher called there does the rest as it would (arguments, request context, errors). Two fields are then resolved by
 * fetchers of the service's own, which hop the same way ({@link ConnectionFetchers}, {@link CreateJobFetcher}).
 * SmallRye hops with Vert.x's ordered {@code executeBlocking}, which on a request's context queues on the event loop's:
 * the blocking fields of every request on an event loop ran one at a time, so one caller's slow counts held up every
 * other caller's look-ups and creates on that loop. For SmallRye not to hop once more, each execution tells it that its
 * fields run where they are called ({@link #RUN_BLOCKING}).
 */
final class BlockingFieldFetchers {

    /**
     * Whether SmallRye's handlers run the execution itself on a worker thread: with it, SmallRye's fetcher calls its
     * method where it is called. What the service's handlers pass, as every blocking field is moved by this class
     * first.
     */
    static final boolean RUN_BLOCKING = true;

    private BlockingFieldFetchers() {
    }

    /** Whether SmallRye runs {@code operation} on a worker thread: any but a subscription and a non-blocking one. */
    static boolean isBlocking(Operation operation) {
        return operation.getOperationType() != OperationType.SUBSCRIPTION
                && operation.getExecute() != Execute.NON_BLOCKING;
    }

    /** {@code schema} with each of {@code blocking} (SmallRye's operations) resolved on a worker thread. */
    static GraphQLSchema installedIn(GraphQLSchema schema, List<Operation> blocking) {
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        GraphQLCodeRegistry moved = registry.transform(builder -> {
            for (Operation operation : blocking) {
                FieldCoordinates field = coordinates(schema, operation);
                if (!registry.hasDataFetcher(field)) {
                    // Left alone, SmallRye would run it on the event loop: the service must not start.
                    throw new IllegalStateException("No fetcher for the blocking field " + field);
                }
                DataFetcher<?> smallRye = registry.getDataFetcher(field,
                        RecordFieldFetchers.definition(schema, field));
                builder.dataFetcher(field, (DataFetcher<Object>) environment -> RequestStoreCalls
                        .onWorkerThread(environment, () -> smallRye.get(environment)));
            }
        });
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(moved));
    }

    /** Where {@code operation} is in {@code schema}: a root field, or a field of the type its source is. */
    static FieldCoordinates coordinates(GraphQLSchema schema, Operation operation) {
        if (operation.isSourceField()) {
            return FieldCoordinates.coordinates(operation.getSourceFieldOn().getName(), operation.getName());
        }
        String type = switch (operation.getOperationType()) {
            case QUERY -> schema.getQueryType().getName();
            case MUTATION -> schema.getMutationType().getName();
            default -> throw new IllegalArgumentException(operation.getOperationType() + " " + operation.getName());
        };
        return FieldCoordinates.coordinates(type, operation.getName());
    }
}
