package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/** The named resource does not exist in the caller's account and region. */
@ErrorCode("ResourceNotFoundException")
public final class ResourceNotFoundException extends ApiException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
