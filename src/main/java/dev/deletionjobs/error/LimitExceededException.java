package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * A caller went past a limit of the service: its quota of jobs waiting, too many subscriptions, a subscriber too far
 * behind its events, or more answers than a replica holds at once.
 */
@ErrorCode("LimitExceededException")
public final class LimitExceededException extends ApiException {

    public LimitExceededException(String message) {
        super(message);
    }
}
