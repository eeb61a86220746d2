package dev.deletionjobs.awsjson;

import dev.deletionjobs.error.ApiException;

/** The body is not JSON, not an object, or a member has the wrong JSON type. */
public final class SerializationException extends ApiException {

    public SerializationException(String message) {
        super(message);
    }
}
