package dev.deletionjobs.testing;

import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** Values a hostile caller sends either interface, and the request bodies that carry them intact. */
public final class HostileValues {

    /** The constraint every member's store-unsafe text breaks, as the violation words it. */
    public static final String UNSTORABLE = "failed to satisfy constraint: Member must not contain NUL, control"
            + " characters or unpaired surrogates";
    /** The bomb: the model's ARN pattern backtracks cubically on it (minutes at a few thousand colons). */
    public static final String ARN_BOMB = "arn:aws:personalize:" + ":".repeat(5000) + "\n";
    /** Within the length limit, ending in a line terminator that is no control character, so the pattern runs. */
    public static final String ARN_BOMB_WITHIN_LENGTH = "arn:aws:personalize:" + ":".repeat(230) + "\u2028";

    /** Escapes every non-ASCII character, so a lone surrogate travels as {@code \ud800}, as a hostile client sends it. */
    private static final JsonMapper ESCAPING = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private HostileValues() {
    }

    /** Characters no store may be given: NUL, C0 and C1 controls, DEL, unpaired surrogates. */
    public static Stream<String> unstorable() {
        return Stream.of("\u0000", "\u0001", "\u0007", "\t", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f",
                "\ud800", "\udbff", "\udc00", "\udfff");
    }

    /** {@code body} as JSON with every non-ASCII character escaped. */
    public static String escapedJson(Object body) {
        try {
            return ESCAPING.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
