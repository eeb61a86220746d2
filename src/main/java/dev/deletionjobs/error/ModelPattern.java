package dev.deletionjobs.error;

import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A pattern of the service model: the text AWS shows in its messages, and a check that decides the same values in
 * time linear in the value's length, so no input can make validation backtrack.
 *
 * @param text the model's own pattern, quoted in violations exactly as AWS quotes it
 * @param check decides whether a whole value matches; never backtracks
 */
public record ModelPattern(String text, Predicate<String> check) {

    /**
     * A pattern checked by {@code linear}: a regular expression equivalent to {@code text} whose every quantifier is
     * possessive or unambiguous, so the matcher never revisits a character.
     */
    public static ModelPattern of(String text, String linear) {
        Pattern compiled = Pattern.compile(linear);
        return new ModelPattern(text, value -> compiled.matcher(value).matches());
    }

    /** Whether the whole value matches. */
    public boolean matches(String value) {
        return check.test(value);
    }
}
