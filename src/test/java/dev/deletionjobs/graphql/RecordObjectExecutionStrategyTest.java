package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.deletionjobs.graphql.DataDeletionJobConnection.DataDeletionJobEdge;
import dev.deletionjobs.graphql.DataDeletionJobNode.DataSourceNode;
import dev.deletionjobs.graphql.DataDeletionJobNode.TagNode;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategy;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.Coercing;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.smallrye.graphql.execution.error.ExceptionHandler;

/**
 * The shortcut answers every document exactly as graphql-java's own strategy does (data, errors, the order of the
 * keys), over the wire records and their fetchers, and it is taken: the jobs of a page are completed without the
 * engine's per-object steps.
 */
class RecordObjectExecutionStrategyTest {

    /** The wire records' types as the service's schema has them, with a scalar that refuses years past 9999. */
    private static final String SDL = """
            type Query { edges: [DataDeletionJobEdge] job: DataDeletionJob }
            type DataDeletionJobEdge { cursor: String! node: DataDeletionJob! }
            type DataDeletionJob {
              id: ID! arn: ID! jobName: String! datasetGroupArn: String! dataSource: DataSource! roleArn: String!
              status: DataDeletionJobStatus! numDeleted: Int failureReason: String
              creationDateTime: DateTime! lastUpdatedDateTime: DateTime! tags: [Tag!]!
            }
            type DataSource { dataLocation: String! }
            type Tag { tagKey: String! tagValue: String! }
            enum DataDeletionJobStatus { PENDING IN_PROGRESS COMPLETED FAILED }
            scalar DateTime
            """;

    private static final String PAGE = "{ edges { cursor node { arn jobName datasetGroupArn status creationDateTime"
            + " lastUpdatedDateTime } } }";

    @ParameterizedTest
    @ValueSource(strings = {
            PAGE,
            "{ edges { c: cursor node { __typename a: arn arn id t: __typename status numDeleted failureReason } } }",
            "{ edges { node { roleArn dataSource { dataLocation location: dataLocation } } } }",
            "{ edges { node { arn tags { tagKey tagValue } } } }",
            "{ job { arn jobName ... on DataDeletionJob { status } dataSource { __typename dataLocation } } }",
            "{ edges { ...Edge } } fragment Edge on DataDeletionJobEdge { node { ...Job jobName } cursor }"
                    + " fragment Job on DataDeletionJob { creationDateTime arn jobName }",
            "{ edges { node { arn } node { status } n: node { arn } } }" })
    void answersAsTheEngineDoes(String document) {
        List<DataDeletionJobEdge> page = page(jobs());
        ExecutionResult direct = execute(new RecordObjectExecutionStrategy(new ExceptionHandler()), page, document,
                Map.of());
        assertTrue(direct.getErrors().isEmpty(), direct.getErrors().toString());
        assertSameAnswer(document, page, Map.of(), direct);
    }

    @Test
    void skipAndIncludeFollowTheVariablesOfEachRequest() {
        String document = "query($skip: Boolean!, $include: Boolean!) { edges { node { arn @skip(if: $skip)"
                + " ... on DataDeletionJob @include(if: $include) { jobName status } } } }";
        List<DataDeletionJobEdge> page = page(jobs());
        for (Map<String, Object> variables : List.<Map<String, Object>> of(Map.of("skip", true, "include", false),
                Map.of("skip", false, "include", true))) {
            ExecutionResult direct = execute(new RecordObjectExecutionStrategy(new ExceptionHandler()), page,
                    document, variables);
            assertTrue(direct.getErrors().isEmpty(), direct.getErrors().toString());
            assertSameAnswer(document, page, variables, direct);
        }
        Map<String, Object> first = firstNode(execute(new RecordObjectExecutionStrategy(new ExceptionHandler()), page,
                document, Map.of("skip", true, "include", false)));
        assertEquals(Map.of(), first);
    }

    @Test
    void completesThePagesJobsWithoutTheEnginesPerObjectSteps() {
        CountingObjects counting = new CountingObjects();
        List<DataDeletionJobEdge> page = page(jobs());
        ExecutionResult result = execute(counting, page, PAGE, Map.of());
        assertEquals(0, counting.objects.get(), "edges and jobs completed by the engine's own steps");
        assertInstanceOf(RecordObjectExecutionStrategy.CompletedObject.class, firstNode(result));

        // A job's tags are a list: the job and its edge take the engine's steps (the tags themselves do not).
        execute(counting, page, "{ edges { node { arn tags { tagKey } } } }", Map.of());
        assertEquals(page.size() * 2, counting.objects.get());
    }

    @Test
    void aNullWhereTheSchemaPromisesAValueIsTheEnginesToReport() {
        List<DataDeletionJobNode> jobs = jobs();
        DataDeletionJobNode job = jobs.get(1);
        jobs.set(1, new DataDeletionJobNode(job.arn(), null, job.datasetGroupArn(), job.dataSource(), job.roleArn(),
                job.status(), null, null, job.creationDateTime(), job.lastUpdatedDateTime(), job.tags()));
        List<DataDeletionJobEdge> page = page(jobs);
        ExecutionResult direct = execute(new RecordObjectExecutionStrategy(new ExceptionHandler()), page, PAGE,
                Map.of());

        assertEquals(1, direct.getErrors().size(), direct.getErrors().toString());
        assertEquals(List.of("edges", 1, "node", "jobName"), direct.getErrors().get(0).getPath());
        List<?> edges = (List<?>) ((Map<?, ?>) direct.getData()).get("edges");
        assertNull(edges.get(1));
        assertSameAnswer(PAGE, page, Map.of(), direct);
    }

    @Test
    void aValueItsScalarRefusesIsTheEnginesToReport() {
        List<DataDeletionJobNode> jobs = jobs();
        DataDeletionJobNode job = jobs.get(0);
        jobs.set(0, new DataDeletionJobNode(job.arn(), job.jobName(), job.datasetGroupArn(), job.dataSource(),
                job.roleArn(), job.status(), null, null, Instant.parse("+10000-01-01T00:00:00Z"),
                job.lastUpdatedDateTime(), job.tags()));
        List<DataDeletionJobEdge> page = page(jobs);
        ExecutionResult direct = execute(new RecordObjectExecutionStrategy(new ExceptionHandler()), page, PAGE,
                Map.of());

        assertEquals(1, direct.getErrors().size(), direct.getErrors().toString());
        assertEquals(List.of("edges", 0, "node", "creationDateTime"), direct.getErrors().get(0).getPath());
        assertSameAnswer(PAGE, page, Map.of(), direct);
    }

    @Test
    void anInstrumentationThatWatchesFieldsSeesEveryField() {
        FieldCounting timing = new FieldCounting();
        List<DataDeletionJobEdge> page = page(jobs());
        ExecutionResult result = engine(new RecordObjectExecutionStrategy(new ExceptionHandler()),
                OperationInstrumentation.of(timing), page).execute(PAGE);

        assertTrue(result.getErrors().isEmpty(), result.getErrors().toString());
        // edges, then per edge its cursor and node, and the node's six fields.
        assertEquals(1 + page.size() * (2 + 6), timing.fields.get());
    }

    private static void assertSameAnswer(String document, List<DataDeletionJobEdge> page,
            Map<String, Object> variables, ExecutionResult direct) {
        ExecutionResult engine = execute(new AsyncExecutionStrategy(new ExceptionHandler()), page, document,
                variables);
        // As text: the order of the keys is part of the answer.
        assertEquals(String.valueOf(engine.toSpecification()), String.valueOf(direct.toSpecification()));
        // And as the service writes it: the shortcut's objects from their arrays, the engine's maps as maps.
        assertEquals(written(engine), written(direct));
    }

    private static String written(ExecutionResult result) {
        try {
            return new GraphQLAnswers().answer(new ExecutionResponse(result)).toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstNode(ExecutionResult result) {
        List<Map<String, Object>> edges = (List<Map<String, Object>>) ((Map<String, Object>) result.getData())
                .get("edges");
        return (Map<String, Object>) edges.get(0).get("node");
    }

    private static ExecutionResult execute(ExecutionStrategy strategy, List<DataDeletionJobEdge> page,
            String document, Map<String, Object> variables) {
        return engine(strategy, OperationInstrumentation.of(new MaxQueryDepthInstrumentation(20)), page)
                .execute(ExecutionInput.newExecutionInput(document).variables(variables).build());
    }

    private static GraphQL engine(ExecutionStrategy strategy, Instrumentation instrumentation,
            List<DataDeletionJobEdge> page) {
        GraphQLScalarType dateTime = GraphQLScalarType.newScalar().name("DateTime").coercing(new Coercing<>() {
            @Override
            public Object serialize(Object value) {
                if (value.toString().startsWith("+")) {
                    throw new CoercingSerializeException("Beyond the year 9999: " + value);
                }
                return value;
            }
        }).build();
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(dateTime)
                .type("Query", type -> type.dataFetcher("edges", environment -> page)
                        .dataFetcher("job", environment -> page.get(0).node()))
                .build();
        GraphQLSchema schema = new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
        GraphQLSchema direct = schema.transform(builder -> builder.codeRegistry(schema.getCodeRegistry()
                .transform(registry -> RecordFieldFetchers.FETCHERS.forEach((coordinates, fetcher) -> {
                    if (schema.getObjectType(coordinates.getTypeName()) != null) {
                        registry.dataFetcher(coordinates, fetcher);
                    }
                }))));
        return GraphQL.newGraphQL(direct).queryExecutionStrategy(strategy).instrumentation(instrumentation).build();
    }

    private static List<DataDeletionJobNode> jobs() {
        List<DataDeletionJobNode> jobs = new ArrayList<>();
        // One job in each status.
        for (int i = 0; i < DataDeletionJobStatus.values().length; i++) {
            jobs.add(new DataDeletionJobNode("arn:aws:personalize:us-east-1:123456789012:data-deletion-job/job-" + i,
                    "job-" + i, "arn:aws:personalize:us-east-1:123456789012:dataset-group/group",
                    new DataSourceNode("s3://bucket/users-" + i + ".csv"), "arn:aws:iam::123456789012:role/reader",
                    DataDeletionJobStatus.values()[i], i == 2 ? 42 : null, null,
                    Instant.parse("2026-11-30T09:00:00Z").plusMillis(i * 1001L),
                    Instant.parse("2026-11-30T09:30:00.5Z").plusMillis(i),
                    Arrays.asList(new TagNode("team", "data"), new TagNode("cost-center", ""))));
        }
        return jobs;
    }

    private static List<DataDeletionJobEdge> page(List<DataDeletionJobNode> jobs) {
        return jobs.stream().map(job -> new DataDeletionJobEdge("cursor-" + job.jobName(), job)).toList();
    }

    /** Counts the objects the engine completes with its own per-object steps. */
    private static final class CountingObjects extends RecordObjectExecutionStrategy {

        final AtomicInteger objects = new AtomicInteger();

        CountingObjects() {
            super(new ExceptionHandler());
        }

        @Override
        protected Object executeObject(ExecutionContext context, ExecutionStrategyParameters parameters) {
            objects.incrementAndGet();
            return super.executeObject(context, parameters);
        }
    }
}
