package dev.deletionjobs.security;

import dev.deletionjobs.error.ApiException;

/**
 * A request whose caller could not be established or may not do what it asks, under AWS's own names:
 * {@code MissingAuthenticationTokenException}, {@code IncompleteSignatureException},
 * {@code UnrecognizedClientException}, {@code InvalidSignatureException}, {@code AccessDeniedException}.
 * Messages never carry a secret or a computed signature.
 */
public final class AuthenticationException extends ApiException {

    private final String code;
    private final int status;

    private AuthenticationException(String code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    static AuthenticationException missingToken() {
        return new AuthenticationException("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
    }

    static AuthenticationException incomplete(String message) {
        return new AuthenticationException("IncompleteSignatureException", 400, message);
    }

    static AuthenticationException unrecognizedClient() {
        return new AuthenticationException("UnrecognizedClientException", 403,
                "The security token included in the request is invalid.");
    }

    static AuthenticationException invalidSignature(String message) {
        return new AuthenticationException("InvalidSignatureException", 403, message);
    }

    static AuthenticationException accessDenied(String message) {
        return new AuthenticationException("AccessDeniedException", 403, message);
    }

    @Override
    public String errorCode() {
        return code;
    }

    @Override
    public int httpStatus() {
        return status;
    }
}
