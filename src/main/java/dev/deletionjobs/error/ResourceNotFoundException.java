package dev.deletionjobs.error;

/** The named resource does not exist in the caller's account and region. */
public final class ResourceNotFoundException extends ApiException {

    public ResourceNotFoundException(String message) {
        super(message);
    }
}
