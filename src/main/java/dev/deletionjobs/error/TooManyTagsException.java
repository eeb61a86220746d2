package dev.deletionjobs.error;

/** The request carries more tags than a resource may have. */
public final class TooManyTagsException extends ApiException {

    public TooManyTagsException(String message) {
        super(message);
    }
}
