package dev.deletionjobs.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.execution.instrumentation.ExecuteObjectInstrumentationContext;
import graphql.execution.instrumentation.FieldFetchingInstrumentationContext;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionStrategyParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldCompleteParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;
import graphql.schema.DataFetcher;
import io.smallrye.graphql.execution.QueryCache;

/**
 * A chain of instrumentations that all act on whole operations (parse, validation, the operation, its result) and
 * none on single fields: the engine's per-field and per-object hooks, called for every field of every answer, skip
 * the chain instead of asking each member for a context it does not make. graphql-java's
 * {@link ChainedInstrumentation} asks every member each time and gathers their answers in new lists: a tenth of the CPU
 * of a page of 20 jobs, for members that all answer "nothing".
 */
final class OperationInstrumentation extends ChainedInstrumentation {

    /**
     * The instrumentations known to have no per-field hooks: the service's, and SmallRye's query cache (which keeps
     * the documents SmallRye parses for its request context once they pass validation) and optional limits.
     */
    private static final Set<Class<?>> OPERATION_ONLY = Set.of(QueryLimits.class, ErrorCodeInstrumentation.class,
            QueryCache.class, MaxQueryDepthInstrumentation.class, MaxQueryComplexityInstrumentation.class);

    private OperationInstrumentation(List<Instrumentation> instrumentations) {
        super(instrumentations);
    }

    /**
     * The members in one chain, in their order, each chain among them (SmallRye's: its query cache, and its optional
     * limits) flattened into it: this one when every member is known to act on operations only, graphql-java's own
     * otherwise (a tracing instrumentation, say, that times fields).
     */
    static Instrumentation of(Instrumentation... instrumentations) {
        List<Instrumentation> members = new ArrayList<>();
        for (Instrumentation instrumentation : instrumentations) {
            if (instrumentation instanceof ChainedInstrumentation chain) {
                members.addAll(chain.getInstrumentations());
            } else if (instrumentation != null) {
                members.add(instrumentation);
            }
        }
        boolean operationOnly = members.stream().allMatch(member -> OPERATION_ONLY.contains(member.getClass()));
        return operationOnly ? new OperationInstrumentation(members) : new ChainedInstrumentation(members);
    }

    @Override
    public ExecuteObjectInstrumentationContext beginExecuteObject(InstrumentationExecutionStrategyParameters parameters,
            InstrumentationState state) {
        return ExecuteObjectInstrumentationContext.NOOP;
    }

    @Override
    public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        return null;
    }

    @Override
    @SuppressWarnings("deprecation")
    public InstrumentationContext<Object> beginFieldFetch(InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        return null;
    }

    @Override
    public FieldFetchingInstrumentationContext beginFieldFetching(InstrumentationFieldFetchParameters parameters,
            InstrumentationState state) {
        return null;
    }

    @Override
    public InstrumentationContext<Object> beginFieldCompletion(InstrumentationFieldCompleteParameters parameters,
            InstrumentationState state) {
        return null;
    }

    @Override
    public InstrumentationContext<Object> beginFieldListCompletion(InstrumentationFieldCompleteParameters parameters,
            InstrumentationState state) {
        return null;
    }

    @Override
    public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> dataFetcher,
            InstrumentationFieldFetchParameters parameters, InstrumentationState state) {
        return dataFetcher;
    }
}
