package dev.deletionjobs.error;

/** The pagination token is malformed, tampered with, expired or issued for another request. */
public final class InvalidNextTokenException extends ApiException {

    public InvalidNextTokenException(String message) {
        super(message);
    }
}
