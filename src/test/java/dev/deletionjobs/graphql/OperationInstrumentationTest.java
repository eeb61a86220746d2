package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.Instrumentation;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.smallrye.graphql.execution.QueryCache;

/** The chain skips per-field hooks only when no member has any, and still runs every operation-level hook. */
class OperationInstrumentationTest {

    private static final String SDL = "type Query { a: A } type A { b: B } type B { c: String }";

    @Test
    void aChainOfOperationLevelMembersSkipsFieldHooksButStillLimitsOperations() {
        // SmallRye's chain: its query cache and a depth limit.
        Instrumentation chain = OperationInstrumentation.of(
                new ChainedInstrumentation(new QueryCache(), new MaxQueryDepthInstrumentation(2)));

        assertInstanceOf(OperationInstrumentation.class, chain);
        assertNull(chain.beginFieldFetching(null, null));
        ExecutionResult deep = engine(chain).execute("{ a { b { c } } }");
        assertEquals(1, deep.getErrors().size(), deep.getErrors().toString());
        assertTrue(deep.getErrors().get(0).getMessage().startsWith("maximum query depth exceeded"));
        ExecutionResult shallow = engine(chain).execute("{ a { __typename } }");
        assertTrue(shallow.getErrors().isEmpty(), shallow.getErrors().toString());
    }

    @Test
    void aMemberWithFieldHooksKeepsThemAll() {
        FieldCounting timing = new FieldCounting();
        Instrumentation chain = OperationInstrumentation.of(new ChainedInstrumentation(), timing,
                new MaxQueryDepthInstrumentation(5));

        assertEquals(ChainedInstrumentation.class, chain.getClass());
        ExecutionResult result = engine(chain).execute("{ a { b { c } } }");
        assertTrue(result.getErrors().isEmpty(), result.getErrors().toString());
        assertEquals(3, timing.fields.get());
    }

    private static GraphQL engine(Instrumentation instrumentation) {
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .type("Query", type -> type.dataFetcher("a", environment -> Map.of()))
                .type("A", type -> type.dataFetcher("b", environment -> Map.of()))
                .build();
        return GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring))
                .instrumentation(instrumentation).build();
    }
}
