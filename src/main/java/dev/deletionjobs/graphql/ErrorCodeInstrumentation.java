package dev.deletionjobs.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.metrics.ApiCalls;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.introspection.GoodFaithIntrospection;
import graphql.schema.GraphQLSchema;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorClassification;
import io.quarkus.arc.Unremovable;

/**
 * Gives the errors that the GraphQL engine raises for a client's mistake (an unknown field, a value of the wrong type,
 * a missing argument or variable) the same {@code extensions.code} as the service's own input errors, so a client
 * reads one vocabulary whatever caught its mistake. (Documents that do not parse or are too long are refused before
 * this, by {@link GraphQLRequestCheck}; operations over the service's limits, by {@link QueryLimits}.)
 * <p>
 * SmallRye writes extensions only for {@link ValidationError}s and resolver exceptions, so the engine's other input
 * errors (variable coercion) are re-issued as {@link ValidationError}s carrying the code.
 */
// Looked up by GraphQLEngineSetup, which CDI does not see.
@Unremovable
@Singleton
public class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    static final String CODE = "code";
    static final String REQUEST_ID = "requestId";
    private static final String INVALID_INPUT = InvalidInputException.class.getSimpleName();

    /** The classification of input errors that graphql-java reports outside its validation step. */
    enum InputErrorKind implements ValidationErrorClassification {
        InvalidVariableValue,
        ExecutionAborted
    }

    private final ApiCalls calls;
    private final QueryLimits limits;
    private final ValidatedDocuments documents;
    private final String fieldVisibility;

    ErrorCodeInstrumentation(ApiCalls calls, QueryLimits limits, ValidatedDocuments documents,
            @ConfigProperty(name = "quarkus.smallrye-graphql.field-visibility", defaultValue = "default") String fieldVisibility) {
        this.calls = calls;
        this.limits = limits;
        this.documents = documents;
        this.fieldVisibility = fieldVisibility;
    }

    /**
     * Chains the service's limits, SmallRye's own instrumentation, {@code smallRyes} (its query cache, and its depth and
     * complexity limits when {@code quarkus.smallrye-graphql.instrumentation-query-*} are set), then this, in one
     * {@link OperationInstrumentation}. The service's limits come first: they bound the work of measuring a document,
     * and SmallRye's walk every fragment spread again, so they only ever see a document the service has measured. Its query
     * cache is replaced by one bounded by length
     * ({@link ValidatedDocuments}), and the wire records' plain fields of {@code schema} are read directly
     * ({@link RecordFieldFetchers}). Called by {@link GraphQLEngineSetup} as SmallRye builds its engine.
     */
    void install(GraphQL.Builder builder, Instrumentation smallRyes, GraphQLSchema schema) {
        builder.schema(RecordFieldFetchers.installedIn(schema, fieldVisibility))
                .instrumentation(OperationInstrumentation.of(limits, smallRyes, this))
                .preparsedDocumentProvider(documents);
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        // Every response names its request id, as the header does, for clients that only see the body.
        ExecutionResultImpl.Builder<?> response = ExecutionResultImpl.newExecutionResult().from(result);
        String requestId = RequestIds.current();
        // A subscription's events belong to no request.
        if (requestId != null) {
            response.addExtension(REQUEST_ID, requestId);
        }
        if (result.getErrors().stream().noneMatch(ErrorCodeInstrumentation::isUncodedInputError)) {
            return CompletableFuture.completedFuture(response.build());
        }
        // The engine refused (part of) the request before a field ran: count it, as fields count themselves.
        Set<List<String>> invalidPaths = new HashSet<>();
        List<GraphQLError> errors = new ArrayList<>(result.getErrors().size());
        String outcome = null;
        for (GraphQLError error : result.getErrors()) {
            if (isUncodedInputError(error)) {
                ValidationError coded = withCode(error);
                outcome = outcome == null ? (String) coded.getExtensions().get(CODE) : outcome;
                errors.add(coded);
                if (coded.getQueryPath() != null) {
                    invalidPaths.add(coded.getQueryPath());
                }
            } else {
                errors.add(error);
            }
        }
        calls.refused(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, outcome);
        // A field whose arguments were refused resolves to null; that null is the client's mistake already
        // reported, not a second error of ours.
        errors.removeIf(error -> error instanceof NonNullableFieldWasNullError
                && invalidPaths.contains(stringPath(error.getPath())));
        return CompletableFuture.completedFuture(response.errors(errors).build());
    }

    /**
     * The engine's input errors, SmallRye's own limits' refusals (which abort before any field runs), and the engine's
     * refusal of introspection that is not in good faith (more than one {@code __schema} or {@code __type}, or
     * {@code __Type.fields} within itself), which it answers before any field runs too.
     */
    private static boolean isUncodedInputError(GraphQLError error) {
        return (error.getErrorType() == ErrorType.ValidationError || error.getErrorType() == ErrorType.ExecutionAborted
                || error instanceof GoodFaithIntrospection.BadFaithIntrospectionError)
                && (error.getExtensions() == null || !error.getExtensions().containsKey(CODE));
    }

    private static ValidationError withCode(GraphQLError error) {
        Map<String, Object> extensions = error.getExtensions() == null ? new HashMap<>()
                : new HashMap<>(error.getExtensions());
        String code = codeOf(error);
        extensions.put(CODE, code);
        if (error instanceof ValidationError validation) {
            return ValidationError.newValidationError()
                    .validationErrorType(validation.getValidationErrorType())
                    .description(EngineMessages.shown(validation.getDescription()))
                    .sourceLocations(validation.getLocations())
                    .queryPath(validation.getQueryPath())
                    .extensions(extensions)
                    .build();
        }
        return ValidationError.newValidationError()
                .validationErrorType(switch (code) {
                    case QueryLimits.TOO_DEEP -> QueryLimits.Refusal.QueryTooDeep;
                    case QueryLimits.TOO_COMPLEX -> QueryLimits.Refusal.QueryTooComplex;
                    default -> error.getErrorType() == ErrorType.ExecutionAborted ? InputErrorKind.ExecutionAborted
                            : InputErrorKind.InvalidVariableValue;
                })
                // The engine echoes a refused value as it came (an enum's, say): shown as the service's own are, in
                // the terms of JSON and GraphQL rather than Java's.
                .description(EngineMessages.shown(error.getMessage()))
                .sourceLocations(error.getLocations())
                .queryPath(stringPath(error.getPath()))
                .extensions(extensions)
                .build();
    }

    /**
     * graphql-java's own depth and complexity limits name themselves only in their message. Introspection in bad faith
     * asks for the schema over and over: a query too complex, whatever its cost in points.
     */
    private static String codeOf(GraphQLError error) {
        if (error instanceof GoodFaithIntrospection.BadFaithIntrospectionError) {
            return QueryLimits.TOO_COMPLEX;
        }
        if (error.getErrorType() != ErrorType.ExecutionAborted || error.getMessage() == null) {
            return INVALID_INPUT;
        }
        if (error.getMessage().startsWith("maximum query depth exceeded")) {
            return QueryLimits.TOO_DEEP;
        }
        return error.getMessage().startsWith("maximum query complexity exceeded") ? QueryLimits.TOO_COMPLEX
                : INVALID_INPUT;
    }

    private static List<String> stringPath(List<Object> path) {
        return path == null ? null : path.stream().map(String::valueOf).toList();
    }
}
