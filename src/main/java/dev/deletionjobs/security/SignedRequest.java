package dev.deletionjobs.security;

import java.util.List;
import java.util.Map;

/**
 * What SigV4 covers of an HTTP request: method, path, raw query, headers (lower-case names, values in arrival
 * order) and body.
 */
public record SignedRequest(String method, String path, String rawQuery, Map<String, List<String>> headers,
        byte[] body) {

    /** Whether the request carries a header more than once: which one counts would be a guess. */
    public boolean repeats(String name) {
        List<String> values = headers.get(name);
        return values != null && values.size() > 1;
    }

    /** The first value of a header, or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
