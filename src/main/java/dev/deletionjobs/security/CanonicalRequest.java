package dev.deletionjobs.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SigV4's canonical request, by AWS's rules for every service but S3: the method, the path as sent encoded once more,
 * the query decoded and encoded again in sorted order, exactly the signed headers with their values trimmed, the
 * signed-header list and the payload hash. Every step is one pass over its input; nothing here can backtrack.
 */
final class CanonicalRequest {

    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();
    private static final Comparator<Parameter> SORTED = Comparator.comparing(Parameter::name)
            .thenComparing(Parameter::value);

    private CanonicalRequest() {
    }

    /** One query parameter, name and value already in canonical form. */
    private record Parameter(String name, String value) {
    }

    /**
     * The canonical request of {@code request} as signed over {@code signedHeaders} (lower-case, sorted, distinct).
     *
     * @throws AuthenticationException when a signed header is absent or the query holds a malformed escape
     */
    static String of(SignedRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder text = new StringBuilder(512);
        text.append(request.method()).append('\n');
        text.append(uri(request.path())).append('\n');
        text.append(query(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = request.headers().get(name);
            if (values == null || values.isEmpty()) {
                throw AuthenticationException.incomplete("The signed header '" + name + "' is missing.");
            }
            text.append(name).append(':');
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    text.append(',');
                }
                appendTrimmed(text, values.get(i));
            }
            text.append('\n');
        }
        text.append('\n').append(String.join(";", signedHeaders)).append('\n').append(payloadHash);
        return text.toString();
    }

    /** The path as sent, every byte but '/' and the unreserved ones encoded (so an escape's '%' becomes %25). */
    static String uri(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        StringBuilder encoded = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            if (b == '/') {
                encoded.append('/');
            } else {
                appendEncoded(encoded, b);
            }
        }
        return encoded.toString();
    }

    /**
     * The raw query split on '&' and at each pair's first '=', names and values with their %-escapes decoded (a '+' is
     * a '+', not a space) and encoded again, sorted by name, then value.
     */
    static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<Parameter> parameters = new ArrayList<>();
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            String pair = rawQuery.substring(start, end);
            int equals = pair.indexOf('=');
            parameters.add(equals < 0 ? new Parameter(reencode(pair), "")
                    : new Parameter(reencode(pair.substring(0, equals)), reencode(pair.substring(equals + 1))));
            start = end + 1;
        }
        parameters.sort(SORTED);
        StringBuilder canonical = new StringBuilder(rawQuery.length() + 16);
        for (Parameter parameter : parameters) {
            if (!canonical.isEmpty()) {
                canonical.append('&');
            }
            canonical.append(parameter.name()).append('=').append(parameter.value());
        }
        return canonical.toString();
    }

    /** One name or value of the query: its %-escapes decoded to bytes, every byte then encoded as SigV4 wants. */
    private static String reencode(String raw) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        StringBuilder encoded = new StringBuilder(bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '%') {
                int high = i + 2 < bytes.length ? Character.digit(bytes[i + 1], 16) : -1;
                int low = high < 0 ? -1 : Character.digit(bytes[i + 2], 16);
                if (low < 0) {
                    throw AuthenticationException.incomplete("The request cannot be canonicalised for SigV4: its path,"
                            + " query or signed headers are malformed.");
                }
                b = (byte) (high << 4 | low);
                i += 2;
            }
            appendEncoded(encoded, b);
        }
        return encoded.toString();
    }

    /** RFC 3986's unreserved characters as they are, every other byte as %XX in upper case. */
    private static void appendEncoded(StringBuilder out, byte b) {
        if (b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-' || b == '_' || b == '.'
                || b == '~') {
            out.append((char) b);
        } else {
            out.append('%').append(HEX_DIGITS[b >> 4 & 0xF]).append(HEX_DIGITS[b & 0xF]);
        }
    }

    /** A header value without leading or trailing whitespace, each inner run of it one space. */
    private static void appendTrimmed(StringBuilder out, String value) {
        boolean started = false;
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isWhitespace(c)) {
                space = started;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
                started = true;
            }
        }
    }

    /** ASCII whitespace, as the AWS SDKs trim it. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
