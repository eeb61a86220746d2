package dev.deletionjobs.error;

/** A resource with that name already exists in the caller's account and region. */
public final class ResourceAlreadyExistsException extends ApiException {

    public ResourceAlreadyExistsException(String message) {
        super(message);
    }
}
