package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/** A caller went past a limit of the service: too many subscriptions, or a subscriber too far behind its events. */
@ErrorCode("LimitExceededException")
public final class LimitExceededException extends ApiException {

    public LimitExceededException(String message) {
        super(message);
    }
}
