package dev.deletionjobs.graphql;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import graphql.GraphQL;
import graphql.execution.AsyncExecutionStrategy;
import graphql.schema.GraphQLSchema;
import io.quarkus.arc.Arc;
import io.smallrye.graphql.execution.error.ExceptionHandler;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.OperationType;
import io.smallrye.graphql.spi.EventingService;

/**
 * The service's changes to SmallRye's engine, made while SmallRye builds it at startup: the operations' model
 * ({@link IdListArguments}), the engine's instrumentation, query cache and record fetchers
 * ({@link ErrorCodeInstrumentation#install}), the worker threads of the fields that ask the store
 * ({@link BlockingFieldFetchers}), the connection's fetchers ({@link ConnectionFetchers}) and the create's
 * ({@link CreateJobFetcher}), the {@code Int} and {@code ID} scalars ({@link SpecScalars}) and the query strategy
 * ({@link RecordObjectExecutionStrategy}). SmallRye loads this with {@link java.util.ServiceLoader} and calls it
 * always, unlike its CDI events ({@code quarkus.smallrye-graphql.events.enabled}), which are off: with them on,
 * SmallRye fires CDI events before and after every field it fetches, and resolving their observers was an eighth of
 * the CPU of a GraphQL page.
 */
public class GraphQLEngineSetup implements EventingService {

    /** SmallRye's model of {@code Query.dataDeletionJobs}, seen as SmallRye bootstraps. */
    private volatile Operation connection;

    /** SmallRye's model of {@code Mutation.createDataDeletionJob}, likewise. */
    private volatile Operation create;

    /** SmallRye's operations that it runs on a worker thread. */
    private final List<Operation> blocking = new CopyOnWriteArrayList<>();

    @Override
    public String getConfigKey() {
        // No key: active whatever the configuration says.
        return null;
    }

    @Override
    public Operation createOperation(Operation operation) {
        IdListArguments.itemsAreStrings(operation);
        if (operation.getOperationType() == OperationType.QUERY
                && ConnectionFetchers.CONNECTION.getFieldName().equals(operation.getName())) {
            connection = operation;
        }
        if (operation.getOperationType() == OperationType.MUTATION
                && CreateJobFetcher.CREATE.getFieldName().equals(operation.getName())) {
            create = operation;
        }
        if (BlockingFieldFetchers.isBlocking(operation)) {
            blocking.add(operation);
        }
        return operation;
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        if (connection == null) {
            throw new IllegalStateException("SmallRye built no operation for " + ConnectionFetchers.CONNECTION);
        }
        if (create == null) {
            throw new IllegalStateException("SmallRye built no operation for " + CreateJobFetcher.CREATE);
        }
        // The builder has no getter; a GraphQL built from it (once, at startup) shows what SmallRye set.
        GraphQL smallRye = builder.build();
        DataDeletionJobGraphQLApi api = Arc.container().instance(DataDeletionJobGraphQLApi.class).get();
        GraphQLSchema onWorkers = BlockingFieldFetchers.installedIn(smallRye.getGraphQLSchema(), blocking);
        GraphQLSchema direct = CreateJobFetcher.installedIn(ConnectionFetchers.installedIn(onWorkers, connection, api),
                create, api);
        GraphQLSchema schema = SpecScalars.installedIn(direct);
        Arc.container().instance(ErrorCodeInstrumentation.class).get()
                .install(builder, smallRye.getInstrumentation(), schema);
        // SmallRye's default, graphql-java's own strategy with SmallRye's exception handler, with the shortcut for
        // the wire records' objects; a strategy configured otherwise is left as it is.
        if (smallRye.getQueryStrategy().getClass() == AsyncExecutionStrategy.class) {
            builder.queryExecutionStrategy(new RecordObjectExecutionStrategy(new ExceptionHandler()));
        }
        return builder;
    }
}
