package dev.deletionjobs.security;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.vertx.core.http.HttpServerRequest;

/** Builds the {@link SignedRequest} of an incoming HTTP request, for either interface. */
public final class SignedRequests {

    private SignedRequests() {
    }

    public static SignedRequest of(HttpServerRequest request, byte[] body) {
        Map<String, List<String>> headers = new HashMap<>();
        for (Map.Entry<String, String> header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(header.getValue());
        }
        return new SignedRequest(request.method().name(), request.path(), request.query(), headers, body);
    }
}
