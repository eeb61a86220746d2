package dev.deletionjobs.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every broken rule of one request and reports them together, worded as AWS's own validation layer words
 * them ({@code 1 validation error detected: Value 'x' at 'jobName' failed to satisfy constraint: ...}), so a user
 * who knows AWS's messages recognises ours, and a request with three mistakes is fixed in one round trip.
 */
public final class ConstraintViolations {

    /** Longer values are cut in messages: they are echoed to help, not to copy a whole payload back. */
    private static final int ECHO_LIMIT = 100;
    /** The most violations a message names; the count in its heading is always the whole count. */
    static final int LISTED_LIMIT = 20;

    static final String STORABLE_TEXT = "Member must not contain NUL, control characters or unpaired surrogates";

    private final List<String> violations = new ArrayList<>();

    /** Records a violation of {@code constraint} by {@code value} at {@code member}. */
    public ConstraintViolations add(String member, Object value, String constraint) {
        violations.add("Value " + echo(value) + " at '" + member + "' failed to satisfy constraint: " + constraint);
        return this;
    }

    /** Requires a value to be present. Returns whether it was, so callers can skip the checks that need it. */
    public boolean required(String member, Object value) {
        if (value == null) {
            add(member, null, "Member must not be null");
            return false;
        }
        return true;
    }

    /**
     * Checks an optional string's length, then that a store can hold it, then its full-match pattern; a null value
     * passes. An over-long value is refused on its length alone: no other check spends time on it.
     */
    public void string(String member, String value, int minLength, int maxLength, ModelPattern pattern) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length > maxLength) {
            add(member, value, "Member must have length less than or equal to " + maxLength);
            return;
        }
        if (length < minLength) {
            add(member, value, "Member must have length greater than or equal to " + minLength);
        }
        if (firstUnstorable(value) >= 0) {
            add(member, value, STORABLE_TEXT);
            return;
        }
        if (pattern != null && !pattern.matches(value)) {
            add(member, value, "Member must satisfy regular expression pattern: " + pattern.text());
        }
    }

    /**
     * The index of the first character that no store keeps as sent, or -1: NUL (PostgreSQL refuses it), other C0 and
     * C1 control characters, and a surrogate without its pair (not encodable as UTF-8). One rule for both stores.
     */
    private static int firstUnstorable(String value) {
        for (int i = 0; i < value.length();) {
            int codePoint = value.codePointAt(i);
            if (unstorable(codePoint)) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }

    /** A paired surrogate arrives here as one code point, an unpaired one as itself. */
    private static boolean unstorable(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)
                || (codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE);
    }

    /** Checks an optional integer's range; a null value passes. */
    public void range(String member, Integer value, int min, int max) {
        if (value == null) {
            return;
        }
        if (value < min) {
            add(member, value, "Member must have value greater than or equal to " + min);
        } else if (value > max) {
            add(member, value, "Member must have value less than or equal to " + max);
        }
    }

    public boolean isEmpty() {
        return violations.isEmpty();
    }

    /** Throws {@link InvalidInputException} naming every violation, if there is any. */
    public void throwIfAny() {
        if (violations.isEmpty()) {
            return;
        }
        int count = violations.size();
        String heading = count + (count == 1 ? " validation error detected: " : " validation errors detected: ");
        String listed = String.join("; ", violations.subList(0, Math.min(count, LISTED_LIMIT)));
        if (count > LISTED_LIMIT) {
            // Bounded whatever the request holds: the first ones are enough to fix it, round trip by round trip.
            listed += "; and " + (count - LISTED_LIMIT) + " more";
        }
        throw new InvalidInputException(heading + listed);
    }

    private static String echo(Object value) {
        return value == null ? "null" : "'" + shown(String.valueOf(value)) + "'";
    }

    /**
     * A value as a message may echo it: its first 100 characters, unstorable ones as {@code \\uXXXX}. Public for the
     * messages that echo a header (an unknown {@code X-Amz-Target}).
     */
    public static String shown(String text) {
        // A cut inside a surrogate pair leaves its first half, which printable() shows as an escape.
        return printable(text.length() > ECHO_LIMIT ? text.substring(0, ECHO_LIMIT) + "..." : text);
    }

    /**
     * Unstorable characters as {@code \\uXXXX}: a message must never carry what the value was refused for. Public for
     * the messages of the GraphQL engine, which echo a refused value as it came.
     */
    public static String printable(String text) {
        if (firstUnstorable(text) < 0) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(codePoint -> {
            if (unstorable(codePoint)) {
                shown.append(String.format("\\u%04X", codePoint));
            } else {
                shown.appendCodePoint(codePoint);
            }
        });
        return shown.toString();
    }
}
