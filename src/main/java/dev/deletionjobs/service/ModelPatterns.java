package dev.deletionjobs.service;

import dev.deletionjobs.error.ModelPattern;

/**
 * The patterns of the Personalize service model (2018-05-22), matched against whole values as AWS does. Each keeps
 * the model's text for messages, but is checked by an equivalent that cannot backtrack: the model's ARN pattern
 * ({@code .*:.*:.+}) costs cubic time on a value of colons that ends in a newline.
 */
public final class ModelPatterns {

    public static final ModelPattern JOB_NAME = ModelPattern.of("^[a-zA-Z0-9][a-zA-Z0-9\\-_]*",
            "[a-zA-Z0-9][a-zA-Z0-9\\-_]*+");
    public static final ModelPattern ARN = new ModelPattern("arn:([a-z\\d-]+):personalize:.*:.*:.+",
            ModelPatterns::isPersonalizeArn);
    public static final ModelPattern ROLE_ARN = ModelPattern.of(
            "arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+",
            "arn:[a-z\\d-]++:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]++");
    public static final ModelPattern DATA_LOCATION = ModelPattern.of("(s3|http|https)://.+", "(?:s3|https?)://.++");
    public static final ModelPattern TAG = ModelPattern.of("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
            "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*+");
    public static final ModelPattern NEXT_TOKEN = ModelPattern.of("\\p{ASCII}{0,1500}", "\\p{ASCII}{0,1500}+");

    public static final int ARN_MAX_LENGTH = 256;
    public static final int JOB_NAME_MAX_LENGTH = 63;
    public static final int DATA_LOCATION_MAX_LENGTH = 256;
    public static final int TAG_KEY_MAX_LENGTH = 128;
    public static final int TAG_VALUE_MAX_LENGTH = 256;
    public static final int MAX_TAGS = 200;
    public static final int NEXT_TOKEN_MAX_LENGTH = 1500;

    private static final String PERSONALIZE = ":personalize:";

    private ModelPatterns() {
    }

    /** The model's ARN pattern in one pass: {@code arn:}, a partition, {@code :personalize:}, then the rest. */
    static boolean isPersonalizeArn(String value) {
        if (!value.startsWith("arn:")) {
            return false;
        }
        int partitionEnd = value.indexOf(':', 4);
        if (partitionEnd <= 4 || !value.startsWith(PERSONALIZE, partitionEnd)) {
            return false;
        }
        for (int i = 4; i < partitionEnd; i++) {
            char c = value.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        // ".*:.*:.+" holds exactly when the rest is one line with two colons before its last character.
        int colons = 0;
        int last = value.length() - 1;
        for (int i = partitionEnd + PERSONALIZE.length(); i <= last; i++) {
            char c = value.charAt(i);
            if (isLineTerminator(c)) {
                return false;
            }
            if (c == ':' && i < last) {
                colons++;
            }
        }
        return colons >= 2;
    }

    /** The characters that Java's {@code .} does not match (without DOTALL or UNIX_LINES). */
    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
