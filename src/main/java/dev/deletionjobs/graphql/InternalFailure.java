package dev.deletionjobs.graphql;

import dev.deletionjobs.metrics.ApiCalls;
import io.smallrye.graphql.api.ErrorCode;

/**
 * A fault of ours behind a GraphQL field: the client sees {@code InternalFailure}, as the AWS interface answers,
 * and never the Java exception, which is logged where it is raised.
 */
@ErrorCode(InternalFailure.CODE)
final class InternalFailure extends RuntimeException {

    static final String CODE = ApiCalls.INTERNAL_FAILURE;
    static final String MESSAGE = "The server encountered an internal error.";

    InternalFailure() {
        super(MESSAGE, null, false, false);
    }
}
