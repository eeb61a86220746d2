package dev.deletionjobs.graphql;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.metrics.ApiCalls;
import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorClassification;

/**
 * Refuses an operation that is too deep, asks for too many fields at its root, or costs too much ({@link QueryCost}),
 * after its variables are coerced and before its first field runs, as graphql-java's own
 * {@code MaxQueryComplexityInstrumentation} does. A refusal is an error of its own code and no {@code data}.
 * (Documents too long to parse are refused before this, by {@link GraphQLRequestCheck}.)
 */
@Singleton
public class QueryLimits extends SimplePerformantInstrumentation {

    static final String TOO_DEEP = "QueryTooDeepException";
    static final String TOO_MANY_ROOT_FIELDS = "TooManyRootFieldsException";
    static final String TOO_COMPLEX = "QueryTooComplexException";

    /** What a refused operation is reported as, in {@code extensions.validationErrorType}. */
    enum Refusal implements ValidationErrorClassification {
        QueryTooDeep,
        TooManyRootFields,
        QueryTooComplex
    }

    private final PersonalizeConfig.Graphql limits;
    private final ApiCalls calls;
    /** The schema is built once; its list bounds are read once. */
    private volatile QueryCost cost;

    QueryLimits(PersonalizeConfig config, ApiCalls calls) {
        this.limits = config.graphql();
        this.calls = calls;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(
            InstrumentationExecuteOperationParameters parameters, InstrumentationState state) {
        ExecutionContext context = parameters.getExecutionContext();
        QueryCost.Measure measure = costOf(context.getGraphQLSchema()).measure(context.getOperationDefinition(),
                context.getFragmentsByName(), context.getCoercedVariables().toMap());
        if (measure.depth() > limits.maxDepth()) {
            throw refuse(Refusal.QueryTooDeep, TOO_DEEP, "The query nests " + measure.depth()
                    + " fields deep; at most " + limits.maxDepth() + " are allowed.");
        }
        if (measure.rootFields() > limits.maxRootFields()) {
            throw refuse(Refusal.TooManyRootFields, TOO_MANY_ROOT_FIELDS, "The operation asks for "
                    + measure.rootFields() + " fields at its root (aliases included); at most "
                    + limits.maxRootFields() + " are allowed.");
        }
        if (measure.repeatedKey() != null) {
            throw refuse(Refusal.QueryTooComplex, TOO_COMPLEX, "The query writes '" + measure.repeatedKey()
                    + "' more than " + QueryCost.MAX_FIELDS_PER_KEY + " times in one selection (fragments spelled out);"
                    + " at most " + QueryCost.MAX_FIELDS_PER_KEY + " are allowed.");
        }
        if (measure.cost() > limits.maxComplexity()) {
            // A cost past counting (fragments that multiply) is said as such, not as Long.MAX_VALUE.
            String cost = measure.cost() == Long.MAX_VALUE ? "more than " + limits.maxComplexity()
                    : String.valueOf(measure.cost());
            throw refuse(Refusal.QueryTooComplex, TOO_COMPLEX, "The query may cost " + cost + " points; at most "
                    + limits.maxComplexity() + " are allowed. Ask for smaller pages (first or last), fewer fields or"
                    + " fewer aliases.");
        }
        return super.beginExecuteOperation(parameters, state);
    }

    private QueryCost costOf(GraphQLSchema schema) {
        QueryCost known = cost;
        if (known == null || !known.isFor(schema)) {
            known = new QueryCost(schema);
            cost = known;
        }
        return known;
    }

    private AbortExecutionException refuse(Refusal refusal, String code, String message) {
        calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, code);
        return new AbortExecutionException(List.of(ValidationError.newValidationError()
                .validationErrorType(refusal)
                .description(message)
                .extensions(Map.of(ErrorCodeInstrumentation.CODE, code))
                .build()));
    }
}
