package dev.deletionjobs.error;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects every broken rule of one request and reports them together, worded as AWS's own validation layer words
 * them ({@code 1 validation error detected: Value 'x' at 'jobName' failed to satisfy constraint: ...}), so a user
 * who knows AWS's messages recognises ours, and a request with three mistakes is fixed in one round trip.
 */
public final class ConstraintViolations {

    /** Longer values are cut in messages: they are echoed to help, not to copy a whole payload back. */
    private static final int ECHO_LIMIT = 100;

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

    /** Checks an optional string's length and full-match pattern; a null value passes. */
    public void string(String member, String value, int minLength, int maxLength, Pattern pattern) {
        if (value == null) {
            return;
        }
        int length = value.codePointCount(0, value.length());
        if (length < minLength) {
            add(member, value, "Member must have length greater than or equal to " + minLength);
        } else if (length > maxLength) {
            add(member, value, "Member must have length less than or equal to " + maxLength);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            add(member, value, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
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
        throw new InvalidInputException(heading + String.join("; ", violations));
    }

    private static String echo(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > ECHO_LIMIT) {
            text = text.substring(0, ECHO_LIMIT) + "...";
        }
        return "'" + text + "'";
    }
}
