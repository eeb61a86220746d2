package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/** The request carries more tags than a resource may have. */
@ErrorCode("TooManyTagsException")
public final class TooManyTagsException extends ApiException {

    public TooManyTagsException(String message) {
        super(message);
    }
}
