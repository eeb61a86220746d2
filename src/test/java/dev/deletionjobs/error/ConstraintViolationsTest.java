package dev.deletionjobs.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Length first, then what a store can hold, then the pattern; and messages that are safe to send back. */
class ConstraintViolationsTest {

    private static final ModelPattern ANYTHING = new ModelPattern(".*", value -> true);

    @Test
    void anOverlongValueIsRefusedWithoutRunningItsPattern() {
        AtomicInteger runs = new AtomicInteger();
        ModelPattern counted = new ModelPattern("a*", value -> runs.incrementAndGet() < 0);
        ConstraintViolations violations = new ConstraintViolations();
        violations.string("m", "b".repeat(11), 0, 10, counted);
        assertEquals(0, runs.get());
        assertEquals("1 validation error detected: Value 'bbbbbbbbbbb' at 'm' failed to satisfy constraint: Member"
                + " must have length less than or equal to 10", message(violations));
        violations = new ConstraintViolations();
        violations.string("m", "b".repeat(10), 0, 10, counted);
        assertEquals(1, runs.get());
    }

    @Test
    void aMessageNamesTwentyViolationsAndCountsTheRest() {
        ConstraintViolations violations = new ConstraintViolations();
        for (int i = 1; i <= 25; i++) {
            violations.required("tags." + i + ".member", null);
        }
        String message = message(violations);
        assertTrue(message.startsWith("25 validation errors detected: Value null at 'tags.1.member'"), message);
        assertTrue(message.contains("'tags.20.member'") && !message.contains("'tags.21.member'"), message);
        assertTrue(message.endsWith("Member must not be null; and 5 more"), message);
    }

    @Test
    void anEmptyValueHearsOfItsLengthAndItsPattern() {
        ConstraintViolations violations = new ConstraintViolations();
        violations.string("m", "", 1, 10, new ModelPattern("a+", value -> !value.isEmpty()));
        assertEquals("2 validation errors detected: Value '' at 'm' failed to satisfy constraint: Member must have"
                + " length greater than or equal to 1; Value '' at 'm' failed to satisfy constraint: Member must"
                + " satisfy regular expression pattern: a+", message(violations));
    }

    @ParameterizedTest
    @ValueSource(strings = { "\u0000", "\u0001", "\t", "\n", "\r", "\u001f", "\u007f", "\u0080", "\u0085", "\u009f",
            "\ud800", "\udfff", "\ud83d" })
    void textNoStoreHoldsIsRefusedAndShownEscaped(String unstorable) {
        ConstraintViolations violations = new ConstraintViolations();
        violations.string("datasetGroupArn", "a" + unstorable + "b", 0, 256, ANYTHING);
        String shown = String.format("\\u%04X", (int) unstorable.charAt(0));
        assertEquals("1 validation error detected: Value 'a" + shown + "b' at 'datasetGroupArn' failed to satisfy"
                + " constraint: Member must not contain NUL, control characters or unpaired surrogates",
                message(violations));
    }

    @ParameterizedTest
    @ValueSource(strings = { "plain", "é", "\u00a0", "\u2028", "😀", "\ufffd", "\uffff", "中文" })
    void printableTextAndPairedSurrogatesPass(String storable) {
        ConstraintViolations violations = new ConstraintViolations();
        violations.string("m", storable, 0, 256, ANYTHING);
        assertTrue(violations.isEmpty());
    }

    @Test
    void anEchoCutInsideASurrogatePairShowsNoHalfOfIt() {
        ConstraintViolations violations = new ConstraintViolations();
        violations.add("m", "a".repeat(99) + "😀", "c");
        assertEquals("1 validation error detected: Value '" + "a".repeat(99) + "\\uD83D...' at 'm' failed to satisfy"
                + " constraint: c", message(violations));
    }

    private static String message(ConstraintViolations violations) {
        return assertThrows(InvalidInputException.class, violations::throwIfAny).getMessage();
    }
}
