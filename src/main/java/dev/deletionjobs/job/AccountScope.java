package dev.deletionjobs.job;

/**
 * The account and region a caller acts in. Every read and write is confined to one scope, and the ARNs of the jobs
 * it creates are built from it.
 */
public record AccountScope(String accountId, String region) {

    /** The ARN partition of the region, as AWS assigns it. */
    public String partition() {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    /** {@code arn:<partition>:personalize:<region>:<account>:data-deletion-job/<jobName>}. */
    public String dataDeletionJobArn(String jobName) {
        return "arn:" + partition() + ":personalize:" + region + ":" + accountId + ":data-deletion-job/" + jobName;
    }
}
