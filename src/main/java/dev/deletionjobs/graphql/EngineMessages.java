package dev.deletionjobs.graphql;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.deletionjobs.error.ConstraintViolations;

/**
 * The engine's words for a client's mistake, without the Java in them. graphql-java and SmallRye name a refused
 * variable by its Java class ("but it was a 'BigDecimal'"), a refused literal by its syntax tree's debug form
 * ("with value 'StringValue{value='x'}'"), and prefix SmallRye's message codes; a client wrote JSON and GraphQL, and
 * reads the same message in those terms: "but it was a number", "with value "x"". A literal that is a list or an
 * object is left out of the message rather than shown half-printed; the error's location points at it.
 */
final class EngineMessages {

    private static final Pattern SMALLRYE_CODE = Pattern.compile("SRGQL\\d{6}: ");
    private static final Pattern INPUT_OBJECT = Pattern.compile("Expected type 'Map' but was '(\\w+)'\\. Variables"
            + " for input objects must be an instance of type 'Map'\\.");
    private static final Pattern EXPECTED_TYPE = Pattern.compile("Expected type \\[(\\w+)] but was \\[(\\w+)]");
    private static final Pattern JAVA_VALUE = Pattern.compile("but it was a '(\\w+)'");
    private static final Pattern AST_EXPECTED = Pattern.compile("Expected an AST type of '(\\w+)'");
    private static final Pattern AST_EITHER = Pattern.compile("Expected AST type '(\\w+)' or '(\\w+)' but was '(\\w+)'");
    /**
     * The refused literal starts after this and runs to the last of the words graphql-java follows it with (its value
     * may hold quotes, and those words, of its own). Found by index, never by a pattern: a value is the caller's, up to
     * the request's size, and a pattern that tries each of its quotes backtracks over the rest of it every time.
     */
    private static final String LITERAL_START = " with value '";
    private static final List<String> LITERAL_ENDS = List.of("' is not a valid", "' is missing required fields",
            "' must be an object type", "' contains a field not in", "' has duplicate fields", "' is an invalid");
    private static final String STRING_LITERAL_START = "StringValue{value='";
    private static final String STRING_LITERAL_END = "'}";
    /** graphql-java's refusal of a value outside an enum, which it echoes whole, from a variable as well. */
    private static final String ENUM_VALUE = "No value found for name '";
    /**
     * The longest message the engine's words are turned into: it may echo what it refused at any length (a field name
     * of 50,000 characters), where the service's own messages cut each value to 100.
     */
    static final int MAX_MESSAGE_LENGTH = 1_000;
    private static final Pattern SCALAR_LITERAL = Pattern.compile(
            "(?:IntValue|FloatValue|BooleanValue)\\{value=([-+.\\w]+)}|EnumValue\\{name='(\\w+)'}"
                    + "|VariableReference\\{name='(\\w+)'}|NullValue\\{}");

    private static final Map<String, String> JAVA_KINDS = Map.ofEntries(
            Map.entry("BigDecimal", "a number"), Map.entry("BigInteger", "a number"), Map.entry("Integer", "a number"),
            Map.entry("Long", "a number"), Map.entry("Double", "a number"), Map.entry("Float", "a number"),
            Map.entry("String", "a string"), Map.entry("Boolean", "a boolean"), Map.entry("ArrayList", "a list"),
            Map.entry("List", "a list"), Map.entry("HashMap", "an object"), Map.entry("LinkedHashMap", "an object"),
            Map.entry("Map", "an object"));
    private static final Map<String, String> LITERAL_KINDS = Map.of("IntValue", "an integer", "FloatValue", "a number",
            "StringValue", "a string", "BooleanValue", "a boolean", "EnumValue", "an enum value", "NullValue", "null",
            "ArrayValue", "a list", "ObjectValue", "an object", "VariableReference", "a variable");

    private EngineMessages() {
    }

    /** {@code message} as a client is shown it: {@link #readable}, its control characters as escapes. */
    static String shown(String message) {
        return ConstraintViolations.printable(readable(message));
    }

    /**
     * {@code message} in the terms of JSON and GraphQL, cut to {@value #MAX_MESSAGE_LENGTH} characters; a message
     * without Java in it is returned as it is, but cut.
     */
    static String readable(String message) {
        if (message == null) {
            return null;
        }
        String readable = SMALLRYE_CODE.matcher(message).replaceAll("");
        readable = replace(readable, INPUT_OBJECT, m -> "Expected an object but it was " + kind(m.group(1)) + ".");
        readable = replace(readable, EXPECTED_TYPE, m -> "Expected " + m.group(1) + " but it was " + kind(m.group(2)));
        readable = replace(readable, AST_EITHER, m -> "Expected " + kind(m.group(1)) + " or " + kind(m.group(2))
                + " but it was " + kind(m.group(3)));
        readable = replace(readable, AST_EXPECTED, m -> "Expected " + kind(m.group(1)));
        readable = replace(readable, JAVA_VALUE, m -> "but it was " + kind(m.group(1)));
        int enumValue = readable.indexOf(ENUM_VALUE);
        if (enumValue >= 0 && readable.endsWith("'") && readable.length() > enumValue + ENUM_VALUE.length()) {
            readable = readable.substring(0, enumValue) + ENUM_VALUE + ConstraintViolations.shown(
                    readable.substring(enumValue + ENUM_VALUE.length(), readable.length() - 1)) + "'";
        }
        int literal = readable.indexOf(LITERAL_START);
        if (literal >= 0) {
            int from = literal + LITERAL_START.length();
            int end = -1;
            for (String ending : LITERAL_ENDS) {
                end = Math.max(end, readable.lastIndexOf(ending));
            }
            if (end >= from) {
                readable = readable.substring(0, literal) + literal(readable.substring(from, end))
                        + readable.substring(end + 2);
            }
        }
        return readable.length() > MAX_MESSAGE_LENGTH ? readable.substring(0, MAX_MESSAGE_LENGTH) + "..." : readable;
    }

    /**
     * A literal as the document wrote it when it is one value, cut as every echoed value is (a variable's value is
     * reported so too, up to the request's size); nothing for a list or an object.
     */
    private static String literal(String debugForm) {
        if (debugForm.startsWith(STRING_LITERAL_START) && debugForm.endsWith(STRING_LITERAL_END)
                && debugForm.length() >= STRING_LITERAL_START.length() + STRING_LITERAL_END.length()) {
            return " with value \"" + ConstraintViolations.shown(debugForm.substring(STRING_LITERAL_START.length(),
                    debugForm.length() - STRING_LITERAL_END.length())) + "\" ";
        }
        Matcher scalar = SCALAR_LITERAL.matcher(debugForm);
        if (scalar.matches()) {
            String written = scalar.group(1) != null ? scalar.group(1)
                    : scalar.group(2) != null ? scalar.group(2)
                            : scalar.group(3) != null ? "$" + scalar.group(3) : "null";
            return " with value " + ConstraintViolations.shown(written) + " ";
        }
        return " ";
    }

    private static String kind(String name) {
        String kind = JAVA_KINDS.get(name);
        if (kind == null) {
            kind = LITERAL_KINDS.get(name);
        }
        return kind != null ? kind : "'" + name + "'";
    }

    private static String replace(String text, Pattern pattern, Function<Matcher, String> replacement) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder replaced = new StringBuilder(text.length());
        do {
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(replacement.apply(matcher)));
        } while (matcher.find());
        return matcher.appendTail(replaced).toString();
    }
}
