package dev.deletionjobs.awsjson;

import dev.deletionjobs.error.ApiException;

/** The {@code X-Amz-Target} header is missing or names no operation of this service. */
public final class UnknownOperationException extends ApiException {

    public UnknownOperationException(String message) {
        super(message);
    }
}
