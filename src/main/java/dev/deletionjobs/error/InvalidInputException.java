package dev.deletionjobs.error;

/** A member of the request broke a rule of the service model. */
public final class InvalidInputException extends ApiException {

    public InvalidInputException(String message) {
        super(message);
    }
}
