package dev.deletionjobs.job;

/**
 * The store did not answer in time (unreachable, failing over, overloaded): retrying may cure it. Thrown in place of
 * the store client's own exception, so the interfaces can answer {@code ServiceUnavailable}, which AWS SDKs retry,
 * without knowing which store is in use.
 */
public class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(Exception cause) {
        super(cause.getMessage(), cause);
    }

    public StoreUnavailableException(String message) {
        super(message, null, false, false);
    }
}
