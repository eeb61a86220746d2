package dev.deletionjobs.job;

import java.util.regex.Pattern;

/**
 * The account and region a caller acts in. Every read and write is confined to one scope, and the ARNs of the jobs
 * it creates are built from it.
 */
public record AccountScope(String accountId, String region) {

    /** Far above AWS's longest region name (under 20 characters), far below what an index row can hold. */
    public static final int MAX_REGION_LENGTH = 32;
    /** {@code us-east-1}, {@code us-gov-west-1}, {@code ap-southeast-5}: possessive, so it cannot backtrack. */
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(?:-[a-z]++)++-\\d{1,2}");

    /** Region name prefixes and their partitions; every other region is in {@code aws}. */
    private static final String[][] PARTITIONS = { { "cn-", "aws-cn" }, { "us-gov-", "aws-us-gov" },
            { "us-iso-", "aws-iso" }, { "us-isob-", "aws-iso-b" }, { "eu-isoe-", "aws-iso-e" },
            { "us-isof-", "aws-iso-f" } };

    /** Whether {@code region} has the shape of an AWS region name. */
    public static boolean isRegionName(String region) {
        return region != null && region.length() <= MAX_REGION_LENGTH && REGION_NAME.matcher(region).matches();
    }

    /** The ARN partition of the region, as AWS assigns it (the SDKs' partitions file), by its name's prefix. */
    public String partition() {
        for (String[] partition : PARTITIONS) {
            if (region.startsWith(partition[0])) {
                return partition[1];
            }
        }
        return "aws";
    }

    /** {@code arn:<partition>:personalize:<region>:<account>:data-deletion-job/<jobName>}. */
    public String dataDeletionJobArn(String jobName) {
        return "arn:" + partition() + ":personalize:" + region + ":" + accountId + ":data-deletion-job/" + jobName;
    }
}
