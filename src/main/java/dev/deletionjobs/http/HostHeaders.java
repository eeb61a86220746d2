package dev.deletionjobs.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * HTTP/1.1 asks a server to refuse a request with more than one {@code Host} (RFC 9112, 3.2): Vert.x takes the first,
 * where a proxy in front may have routed by another, and SigV4 signs what this service reads. Both interfaces refuse
 * such a request in their own words before reading its body.
 */
public final class HostHeaders {

    private HostHeaders() {
    }

    /** Why {@code request} is refused for its {@code Host} headers, or null when it has at most one. */
    public static String refusal(HttpServerRequest request) {
        int hosts = request.headers().getAll(HttpHeaders.HOST).size();
        return hosts > 1 ? "The request has " + hosts + " Host headers; HTTP allows one." : null;
    }
}
