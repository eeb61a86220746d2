package dev.deletionjobs.error;

import io.smallrye.graphql.api.ErrorCode;

/**
 * The replica is holding as many answers as it may at once, or as many as one account may: a refusal that passes once
 * answers already asked for have been read. AWS's common error for a request to retry later, which every AWS SDK and
 * the CLI retry with backoff on their own (the Java SDK does not retry LimitExceededException).
 */
@ErrorCode("ThrottlingException")
public final class ThrottlingException extends ApiException {

    public ThrottlingException(String message) {
        super(message);
    }
}
