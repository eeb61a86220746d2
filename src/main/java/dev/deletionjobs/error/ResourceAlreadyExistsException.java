package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/** A resource with that name already exists in the caller's account and region. */
@ErrorCode("ResourceAlreadyExistsException")
public final class ResourceAlreadyExistsException extends ApiException {

    public ResourceAlreadyExistsException(String message) {
        super(message);
    }
}
