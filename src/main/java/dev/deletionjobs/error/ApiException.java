package dev.deletionjobs.error;

/**
 * The one error vocabulary of the service. Each subclass is named after the AWS error shape it stands for, so the
 * AWS interface writes {@link #errorCode()} as {@code __type} and the GraphQL interface as {@code extensions.code}.
 */
public abstract class ApiException extends RuntimeException {

    protected ApiException(String message) {
        // No stack trace: these are expected outcomes of a client's request, not faults worth tracing.
        super(message, null, false, false);
    }

    /** The bare AWS shape name, e.g. {@code InvalidInputException}. */
    public String errorCode() {
        return getClass().getSimpleName();
    }

    /** The HTTP status of the AWS shape: 400 for every client error unless a shape says otherwise. */
    public int httpStatus() {
        return 400;
    }
}
