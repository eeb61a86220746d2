package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.deletionjobs.error.ModelPattern;

/**
 * The linear checks decide exactly what AWS's model patterns decide, and no value makes them backtrack. The
 * timeouts only detect a hang: the model's ARN pattern needs minutes for the inputs below, these checks microseconds.
 */
class ModelPatternsTest {

    /** Long enough that any super-linear check would hang: far beyond every member's length limit. */
    private static final int HOSTILE_LENGTH = 200_000;

    static Stream<Arguments> patterns() {
        return Stream.of(
                Arguments.of("JOB_NAME", ModelPatterns.JOB_NAME, List.of("a", "0", "-", "_", "A", "/", " ", "\n")),
                Arguments.of("ARN", ModelPatterns.ARN, List.of("arn:", "aws", "personalize", ":", "a", "-", "1", "/",
                        "\n", "\r", "\u2028", "\u0085", "A", "")),
                Arguments.of("ROLE_ARN", ModelPatterns.ROLE_ARN, List.of("arn:", "aws", ":iam::", "000000000000",
                        ":", "role", "/", "R", "+", "\n", "1", " ")),
                Arguments.of("DATA_LOCATION", ModelPatterns.DATA_LOCATION, List.of("s3", "http", "https", "://", "s",
                        ":", "/", "x", "\n", "\u2029")),
                Arguments.of("TAG", ModelPatterns.TAG, List.of("a", "é", " ", "\u2028", "\n", "1", "_", "!", "@",
                        "\u00a0", "😀")),
                Arguments.of("NEXT_TOKEN", ModelPatterns.NEXT_TOKEN, List.of("a", "\u0000", "~", "é", "\n", "Z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    void decidesAsTheModelPatternDoes(String name, ModelPattern pattern, List<String> alphabet) {
        Pattern model = Pattern.compile(pattern.text());
        Random random = new Random(name.hashCode());
        for (String value : samples(pattern, alphabet, random)) {
            assertEquals(model.matcher(value).matches(), pattern.matches(value), () -> name + " on '" + value + "'");
        }
    }

    @Test
    void personalizeArns() {
        assertTrue(ModelPatterns.ARN.matches("arn:aws:personalize:us-east-1:000000000000:dataset-group/g"));
        assertTrue(ModelPatterns.ARN.matches("arn:aws-cn:personalize:::x"));
        assertTrue(ModelPatterns.ARN.matches("arn:a:personalize:::::"));
        assertFalse(ModelPatterns.ARN.matches("arn:aws:personalize:::"));
        assertFalse(ModelPatterns.ARN.matches("arn::personalize:a:b:c"));
        assertFalse(ModelPatterns.ARN.matches("arn:AWS:personalize:a:b:c"));
        assertFalse(ModelPatterns.ARN.matches("arn:aws:iam:a:b:c"));
        assertFalse(ModelPatterns.ARN.matches("arn:aws:personalize:a:b:c\n"));
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theArnBombIsDecidedAtOnce() {
        // The issue's input: cubic for the model's pattern (about 4 s at 800 colons, minutes at a few thousand).
        String bomb = "arn:aws:personalize:" + ":".repeat(HOSTILE_LENGTH) + "\n";
        assertFalse(ModelPatterns.ARN.matches(bomb));
        assertFalse(ModelPatterns.ARN.matches("arn:aws:personalize:" + ":a".repeat(HOSTILE_LENGTH / 2) + "\u2028"));
        assertFalse(ModelPatterns.ARN.matches("arn:" + "a".repeat(HOSTILE_LENGTH) + ":"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patterns")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void noValueMakesAPatternBacktrack(String name, ModelPattern pattern, List<String> alphabet) {
        for (String symbol : alphabet) {
            for (String tail : List.of("", "\n", "!", "\u0000", ":")) {
                String repeated = symbol.isEmpty() ? "" : symbol.repeat(HOSTILE_LENGTH / symbol.length());
                pattern.matches(repeated + tail);
                pattern.matches(String.join("", alphabet).repeat(HOSTILE_LENGTH / 20) + tail);
                pattern.matches("arn:aws:personalize:" + repeated + tail);
                pattern.matches("arn:aws:iam::000000000000:role/" + repeated + tail);
                pattern.matches("https://" + repeated + tail);
            }
        }
    }

    /** Hand-picked edges, then random words of the pattern's own symbols, some after its usual prefix. */
    private static List<String> samples(ModelPattern pattern, List<String> alphabet, Random random) {
        List<String> samples = new ArrayList<>(List.of("", "a", "\n", "arn:aws:personalize:us-east-1:1:x",
                "arn:aws:iam::000000000000:role/R", "s3://b/k", "https://h/p", "http://", "tag value"));
        String[] prefixes = { "", "arn:aws:personalize:", "arn:aws:iam::000000000000:role", "s3://", "https:" };
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(9);
            for (int j = 0; j < length; j++) {
                value.append(alphabet.get(random.nextInt(alphabet.size())));
            }
            samples.add(value.toString());
        }
        return samples;
    }
}
