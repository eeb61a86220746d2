package dev.deletionjobs.service;

import java.util.regex.Pattern;

/** The patterns of the Personalize service model (2018-05-22), matched against whole values as AWS does. */
public final class ModelPatterns {

    public static final Pattern JOB_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9\\-_]*");
    public static final Pattern ARN = Pattern.compile("arn:([a-z\\d-]+):personalize:.*:.*:.+");
    public static final Pattern ROLE_ARN = Pattern.compile("arn:([a-z\\d-]+):iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
    public static final Pattern DATA_LOCATION = Pattern.compile("(s3|http|https)://.+");
    public static final Pattern TAG = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    public static final Pattern NEXT_TOKEN = Pattern.compile("\\p{ASCII}{0,1500}");

    public static final int ARN_MAX_LENGTH = 256;
    public static final int JOB_NAME_MAX_LENGTH = 63;
    public static final int DATA_LOCATION_MAX_LENGTH = 256;
    public static final int TAG_KEY_MAX_LENGTH = 128;
    public static final int TAG_VALUE_MAX_LENGTH = 256;
    public static final int MAX_TAGS = 200;
    public static final int NEXT_TOKEN_MAX_LENGTH = 1500;

    private ModelPatterns() {
    }
}
