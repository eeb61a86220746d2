package dev.deletionjobs.graphql;

import dev.deletionjobs.metrics.ApiCalls;
import io.smallrye.graphql.api.ErrorCode;

/** The store did not answer in time: worth retrying, as the AWS interface's 503 says too. */
@ErrorCode(ServiceUnavailable.CODE)
final class ServiceUnavailable extends RuntimeException {

    static final String CODE = ApiCalls.SERVICE_UNAVAILABLE;

    ServiceUnavailable() {
        this("The service is temporarily unable to reach its store; retry the request.");
    }

    ServiceUnavailable(String message) {
        super(message, null, false, false);
    }
}
