package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/** A member of the request broke a rule of the service model. */
@ErrorCode("InvalidInputException")
public final class InvalidInputException extends ApiException {

    public InvalidInputException(String message) {
        super(message);
    }
}
