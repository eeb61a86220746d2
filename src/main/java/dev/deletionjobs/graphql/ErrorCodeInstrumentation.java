package dev.deletionjobs.graphql;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.http.RequestIds;
import dev.deletionjobs.metrics.ApiCalls;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.ExecutionResultImpl;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.execution.NonNullableFieldWasNullError;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import graphql.validation.ValidationError;
import graphql.validation.ValidationErrorClassification;

/**
 * Gives the errors that the GraphQL engine raises for a client's mistake (an unknown field, a value of the wrong type,
 * a missing argument or variable) the same {@code extensions.code} as the service's own input errors, so a client
 * reads one vocabulary whatever caught its mistake. (Documents that do not parse, or are absurdly large or deep, are
 * refused before this, by {@link GraphQLRequestCheck}.)
 * <p>
 * SmallRye writes extensions only for {@link ValidationError}s and resolver exceptions, so the engine's other input
 * errors (variable coercion) are re-issued as {@link ValidationError}s carrying the code.
 */
@Singleton
public class ErrorCodeInstrumentation extends SimplePerformantInstrumentation {

    static final String CODE = "code";
    static final String REQUEST_ID = "requestId";
    private static final String INVALID_INPUT = InvalidInputException.class.getSimpleName();

    /** The classification of input errors that graphql-java reports outside its validation step. */
    enum InputErrorKind implements ValidationErrorClassification {
        InvalidVariableValue
    }

    private final ApiCalls calls;

    ErrorCodeInstrumentation(ApiCalls calls) {
        this.calls = calls;
    }

    /** SmallRye sets no instrumentation of its own unless query depth or complexity limits are configured. */
    void install(@Observes GraphQL.Builder builder) {
        builder.instrumentation(this);
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        // Every response names its request id, as the header does, for clients that only see the body.
        ExecutionResultImpl.Builder<?> response = ExecutionResultImpl.newExecutionResult().from(result)
                .addExtension(REQUEST_ID, RequestIds.current());
        if (result.getErrors().stream().noneMatch(ErrorCodeInstrumentation::isUncodedInputError)) {
            return CompletableFuture.completedFuture(response.build());
        }
        // The engine refused (part of) the request before a field ran: count it, as fields count themselves.
        calls.record(ApiCalls.GRAPHQL, GraphQLRequestCheck.INVALID_REQUEST, INVALID_INPUT, System.nanoTime());
        Set<List<String>> invalidPaths = new HashSet<>();
        List<GraphQLError> errors = new ArrayList<>(result.getErrors().size());
        for (GraphQLError error : result.getErrors()) {
            if (isUncodedInputError(error)) {
                ValidationError coded = withCode(error);
                errors.add(coded);
                if (coded.getQueryPath() != null) {
                    invalidPaths.add(coded.getQueryPath());
                }
            } else {
                errors.add(error);
            }
        }
        // A field whose arguments were refused resolves to null; that null is the client's mistake already
        // reported, not a second error of ours.
        errors.removeIf(error -> error instanceof NonNullableFieldWasNullError
                && invalidPaths.contains(stringPath(error.getPath())));
        return CompletableFuture.completedFuture(response.errors(errors).build());
    }

    private static boolean isUncodedInputError(GraphQLError error) {
        return error.getErrorType() == ErrorType.ValidationError
                && (error.getExtensions() == null || !error.getExtensions().containsKey(CODE));
    }

    private static ValidationError withCode(GraphQLError error) {
        Map<String, Object> extensions = error.getExtensions() == null ? new HashMap<>()
                : new HashMap<>(error.getExtensions());
        extensions.put(CODE, INVALID_INPUT);
        if (error instanceof ValidationError validation) {
            return ValidationError.newValidationError()
                    .validationErrorType(validation.getValidationErrorType())
                    .description(validation.getDescription())
                    .sourceLocations(validation.getLocations())
                    .queryPath(validation.getQueryPath())
                    .extensions(extensions)
                    .build();
        }
        return ValidationError.newValidationError()
                .validationErrorType(InputErrorKind.InvalidVariableValue)
                .description(error.getMessage())
                .sourceLocations(error.getLocations())
                .queryPath(stringPath(error.getPath()))
                .extensions(extensions)
                .build();
    }

    private static List<String> stringPath(List<Object> path) {
        return path == null ? null : path.stream().map(String::valueOf).toList();
    }
}
