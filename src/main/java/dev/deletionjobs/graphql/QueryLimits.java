package dev.deletionjobs.graphql;

import java.util.List;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.http.AnswerBudget;
import dev.deletionjobs.metrics.ApiCalls;
import dev.deletionjobs.security.Callers;
import graphql.ExecutionResult;
import graphql.execution.AbortExecutionException;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.execution.instrumentation.parameters.InstrumentationValidationParameters;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorClassification;
import graphql.validation.ValidationErrorType;

/**
 * Refuses an operation that is too deep, asks for too many fields at its root, or costs too much ({@link QueryCost}),
 * after its variables are coerced and before its first field runs, as graphql-java's own
 * {@code MaxQueryComplexityInstrumentation} does, and ahead of it in the chain ({@link OperationInstrumentation#of}):
 * those limits walk every fragment spread again, and only a document this has measured is small enough for that. A
 * refusal is an error of its own code and no {@code data}. Before this, the engine has parsed and validated the
 * document, in time linear in its length (its validation collects each fragment once per selection). (Documents too
 * long to parse are refused before that, by {@link GraphQLRequestCheck}.) Last, an operation that passes takes its
 * longest answer from the replica's {@link AnswerBudget}, or is refused with LimitExceededException.
 */
@Singleton
public class QueryLimits extends SimplePerformantInstrumentation {

    static final String TOO_DEEP = "QueryTooDeepException";
    static final String TOO_MANY_ROOT_FIELDS = "TooManyRootFieldsException";
    static final String TOO_COMPLEX = "QueryTooComplexException";
    private static final String INVALID_INPUT = InvalidInputException.class.getSimpleName();
    private static final String LIMIT_EXCEEDED = LimitExceededException.class.getSimpleName();

    /** What a refused operation is reported as, in {@code extensions.validationErrorType}. */
    enum Refusal implements ValidationErrorClassification {
        QueryTooDeep,
        TooManyRootFields,
        QueryTooComplex,
        TooManyAnswersInFlight
    }

    private final PersonalizeConfig.Graphql limits;
    private final ApiCalls calls;
    private final AnswerBudget answers;
    private final Callers callers;
    /** The schema is built once; its list bounds are read once. */
    private volatile QueryCost cost;

    QueryLimits(PersonalizeConfig config, ApiCalls calls, AnswerBudget answers, Callers callers) {
        this.limits = config.graphql();
        this.calls = calls;
        this.answers = answers;
        this.callers = callers;
    }

    /**
     * Before the engine validates a document it has not seen: a fragment that spreads itself is refused here, in one
     * pass, and the engine's own rule for it, cubic in a chain of fragments, is left out ({@link FragmentCycles}).
     */
    @Override
    public InstrumentationContext<List<ValidationError>> beginValidation(InstrumentationValidationParameters parameters,
            InstrumentationState state) {
        FragmentDefinition cycle = FragmentCycles.in(parameters.getDocument());
        if (cycle != null) {
            calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, INVALID_INPUT);
            throw new AbortExecutionException(List.of(ValidationError.newValidationError()
                    .validationErrorType(ValidationErrorType.FragmentCycle)
                    .description("Validation error (FragmentCycle@[" + cycle.getName() + "]) : Fragment cycles not"
                            + " allowed")
                    .sourceLocation(cycle.getSourceLocation())
                    .queryPath(List.of(cycle.getName()))
                    .extensions(Map.of(ErrorCodeInstrumentation.CODE, INVALID_INPUT))
                    .build()));
        }
        FragmentCycles.skipEnginesRule(parameters.getExecutionInput().getGraphQLContext());
        return super.beginValidation(parameters, state);
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
            String key = ConstraintViolations.shown(measure.repeatedKey());
            throw refuse(Refusal.QueryTooComplex, TOO_COMPLEX, "The query writes '" + key + "' more than "
                    + QueryCost.MAX_FIELDS_PER_KEY + " times in one selection (fragments spelled out); at most "
                    + QueryCost.MAX_FIELDS_PER_KEY + " are allowed.");
        }
        if (measure.cost() > limits.maxComplexity()) {
            // A cost past counting (fragments that multiply) is said as such, not as Long.MAX_VALUE.
            String cost = measure.cost() == Long.MAX_VALUE ? "more than " + limits.maxComplexity()
                    : String.valueOf(measure.cost());
            throw refuse(Refusal.QueryTooComplex, TOO_COMPLEX, "The query may cost " + cost + " points; at most "
                    + limits.maxComplexity() + " are allowed. Ask for smaller pages (first or last), fewer fields or"
                    + " fewer aliases.");
        }
        if (measure.answerLength() > limits.maxAnswerLength()) {
            throw refuse(Refusal.QueryTooComplex, TOO_COMPLEX, "The answer may be " + measure.answerLength()
                    + " bytes long; at most " + limits.maxAnswerLength() + " are allowed. Ask for smaller pages"
                    + " (first or last), fewer fields or fewer aliases.");
        }
        // One change reaches each of an account's subscriptions at once, and a reader that does not keep up holds an
        // event of each: together they may take what one answer may.
        long maxEvent = limits.maxAnswerLength() / limits.subscriptions().maxPerAccount();
        boolean subscription = context.getOperationDefinition().getOperation() == OperationDefinition.Operation.SUBSCRIPTION;
        if (subscription && measure.answerLength() > maxEvent) {
            throw refuse(Refusal.QueryTooComplex, TOO_COMPLEX, "Each event may be " + measure.answerLength()
                    + " bytes long; at most " + maxEvent + " are allowed. Ask for fewer fields or fewer aliases.");
        }
        // Last, once nothing else refuses it: a single answer takes its place among those the replica holds at once.
        // (A subscription's events are bounded above, each written as it comes.)
        AnswerBudget.Hold hold = AnswerBudget.current();
        AnswerBudget.Reservation reserved = subscription || hold == null ? AnswerBudget.Reservation.TAKEN
                : hold.reserve(callers.graphQLCaller().accountId(), measure.answerLength());
        if (reserved == AnswerBudget.Reservation.REPLICA_FULL) {
            throw refuse(Refusal.TooManyAnswersInFlight, LIMIT_EXCEEDED, "The service is working on as many answers"
                    + " as it holds at once (" + answers.capacity() + " bytes at their longest); this one may be "
                    + measure.answerLength() + ". Retry shortly, or ask for smaller pages or fewer fields.");
        }
        if (reserved == AnswerBudget.Reservation.ACCOUNT_FULL) {
            throw refuse(Refusal.TooManyAnswersInFlight, LIMIT_EXCEEDED, "This account's answers in progress hold as"
                    + " much as one account may at once (" + answers.accountShare() + " bytes at their longest);"
                    + " this one may be " + measure.answerLength() + ". Read the answers already asked for, retry"
                    + " shortly, or ask for smaller pages or fewer fields.");
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
