package dev.deletionjobs.graphql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.deletionjobs.graphql.DataDeletionJobOrder.DataDeletionJobOrderField;
import dev.deletionjobs.graphql.DataDeletionJobOrder.OrderDirection;
import dev.deletionjobs.job.JobReading;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetcher;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLSchema;
import io.smallrye.graphql.execution.datafetcher.helper.ArgumentHelper;
import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.transformation.AbstractDataFetcherException;

/**
 * Resolves the connection a dashboard pages through, {@code dataDeletionJobs}, with the API class's own methods but
 * without SmallRye's machinery around each call. For every field it resolves, SmallRye's fetcher rebuilds its request
 * context (the field's whole selection set, twice, as JSON-P) and, when it hopped to a worker thread itself (before
 * {@link BlockingFieldFetchers}), wrapped every later stage of the engine's execution in context propagation: together
 * over a third of the CPU of a page of 20.
 * <ul>
 * <li>{@code Query.dataDeletionJobs}: its arguments converted by SmallRye's own {@link ArgumentHelper} (the same
 * values, the same refusals), except {@code orderBy}, read here with the same result ({@link #order}): SmallRye turns
 * an input object into its class by writing it as JSON and reading that back through JSON-B, with a look-up of the
 * class by name, 4 % of the CPU of an ordered page of 100. Then {@link DataDeletionJobGraphQLApi#connection} is
 * called, with the jobs' tags read only when the selection shows them ({@link SelectedTags}), on a worker thread, one
 * alias after another ({@link RequestStoreCalls#onWorkerThread}). Its errors leave as the method threw them, through
 * the engine's exception handler (SmallRye's), as before.</li>
 * <li>{@code PageInfo.hasNextPage} and {@code hasPreviousPage}: answered on the spot from the page when it already
 * knows the answer (the side it was fetched towards, or a first page's far side), as part of the page's call: no call
 * of its own to measure or log, since it asks nothing of anyone. SmallRye's fetcher on a worker thread
 * ({@link BlockingFieldFetchers}) when the answer costs the store a query, measured and logged as a call
 * ({@code pageInfo}).</li>
 * </ul>
 */
final class ConnectionFetchers {

    static final FieldCoordinates CONNECTION = FieldCoordinates.coordinates("Query", "dataDeletionJobs");
    static final FieldCoordinates HAS_NEXT_PAGE = FieldCoordinates.coordinates("PageInfo", "hasNextPage");
    static final FieldCoordinates HAS_PREVIOUS_PAGE = FieldCoordinates.coordinates("PageInfo", "hasPreviousPage");

    /** The arguments of {@link DataDeletionJobGraphQLApi#dataDeletionJobs}, in the order of its parameters. */
    static final List<String> CONNECTION_ARGUMENTS = List.of("datasetGroupArn", "status", "createdAfter",
            "createdBefore", "orderBy", "first", "after", "last", "before");

    private static final String ORDER_BY = "orderBy";
    private static final int ORDER_BY_POSITION = CONNECTION_ARGUMENTS.indexOf(ORDER_BY);

    private ConnectionFetchers() {
    }

    /** {@code schema} with the three fields resolved as above; {@code connection} is SmallRye's model of the query. */
    static GraphQLSchema installedIn(GraphQLSchema schema, Operation connection, DataDeletionJobGraphQLApi api) {
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        DataFetcher<?> hasNext = registry.getDataFetcher(HAS_NEXT_PAGE,
                RecordFieldFetchers.definition(schema, HAS_NEXT_PAGE));
        DataFetcher<?> hasPrevious = registry.getDataFetcher(HAS_PREVIOUS_PAGE,
                RecordFieldFetchers.definition(schema, HAS_PREVIOUS_PAGE));
        GraphQLCodeRegistry direct = registry.transform(builder -> builder
                .dataFetcher(CONNECTION, connection(connection, api))
                .dataFetcher(HAS_NEXT_PAGE,
                        pageSide(info -> info.page().knowsNext(), info -> info.page().hasNext(), hasNext))
                .dataFetcher(HAS_PREVIOUS_PAGE,
                        pageSide(info -> info.page().knowsPrevious(), info -> info.page().hasPrevious(), hasPrevious)));
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(direct));
    }

    @SuppressWarnings("unchecked")
    private static DataFetcher<Object> connection(Operation connection, DataDeletionJobGraphQLApi api) {
        List<String> names = connection.getArguments().stream().map(Argument::getName).toList();
        if (!names.equals(CONNECTION_ARGUMENTS)) {
            throw new IllegalStateException("dataDeletionJobs takes " + names + ", not " + CONNECTION_ARGUMENTS);
        }
        ArgumentHelper arguments = new ArgumentHelper(connection.getArguments().stream()
                .filter(argument -> !argument.getName().equals(ORDER_BY)).toList());
        return environment -> {
            List<Object> converted;
            try {
                converted = new ArrayList<>(arguments.getArguments(environment));
            } catch (AbstractDataFetcherException e) {
                return e.appendDataFetcherResult(DataFetcherResult.newResult(), environment).build();
            }
            converted.add(ORDER_BY_POSITION, order(environment.getArgument(ORDER_BY)));
            Object[] values = converted.toArray();
            JobReading reading = SelectedTags.reading(environment, SelectedTags.IN_CONNECTION);
            Callable<DataDeletionJobConnection> call = () -> api.connection((String) values[0],
                    (List<DataDeletionJobStatus>) values[1], (Instant) values[2], (Instant) values[3],
                    (DataDeletionJobOrder) values[4], (Integer) values[5], (String) values[6], (Integer) values[7],
                    (String) values[8], reading);
            return RequestStoreCalls.onWorkerThread(environment, call);
        };
    }

    /**
     * {@code orderBy} as the engine coerced it: absent or null, or a map of the input's two members, both non-null in
     * the schema, each its enum value's name (the values SmallRye gives its enums' types).
     */
    private static DataDeletionJobOrder order(Object argument) {
        if (argument == null) {
            return null;
        }
        Map<?, ?> order = (Map<?, ?>) argument;
        return new DataDeletionJobOrder(DataDeletionJobOrderField.valueOf((String) order.get("field")),
                OrderDirection.valueOf((String) order.get("direction")));
    }

    private static DataFetcher<Object> pageSide(Predicate<DataDeletionJobConnection.PageInfo> known,
            Function<DataDeletionJobConnection.PageInfo, Boolean> answer,
            DataFetcher<?> smallRye) {
        return environment -> {
            DataDeletionJobConnection.PageInfo info = environment.getSource();
            return known.test(info) ? answer.apply(info) : smallRye.get(environment);
        };
    }
}
