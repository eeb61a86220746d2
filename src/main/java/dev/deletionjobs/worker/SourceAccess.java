package dev.deletionjobs.worker;

import dev.deletionjobs.job.DataDeletionJob;

/**
 * Whose data source a read is for: the job's role (assumed for S3 reads with {@code personalize.s3.assume-job-role}),
 * its account (the external id of that assumption) and its name (the role session's name, for the owner's audit).
 */
public record SourceAccess(String roleArn, String accountId, String jobName) {

    public static SourceAccess of(DataDeletionJob job) {
        return new SourceAccess(job.roleArn(), job.scope().accountId(), job.jobName());
    }

    /** The account a role ARN ({@code arn:partition:iam::account:role/name}) names, or null for no such ARN. */
    String roleAccountId() {
        String[] parts = roleArn == null ? new String[0] : roleArn.split(":", 6);
        return parts.length == 6 && parts[0].equals("arn") && parts[2].equals("iam") ? parts[4] : null;
    }

    /** The job's name as an STS session name: at most 64 of the characters STS allows. */
    String sessionName() {
        String name = ("data-deletion-job-" + jobName).replaceAll("[^\\w+=,.@-]", "-");
        return name.length() > 64 ? name.substring(0, 64) : name;
    }
}
