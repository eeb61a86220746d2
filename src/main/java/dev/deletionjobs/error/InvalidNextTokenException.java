package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/** The pagination token is malformed, tampered with, expired or issued for another request. */
@ErrorCode("InvalidNextTokenException")
public final class InvalidNextTokenException extends ApiException {

    public InvalidNextTokenException(String message) {
        super(message);
    }
}
