package dev.deletionjobs.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccountScopeTest {

    @Test
    void aJobsArnIsInItsRegionsPartition() {
        String[][] regions = { { "us-east-1", "aws" }, { "ap-southeast-5", "aws" }, { "cn-north-1", "aws-cn" },
                { "us-gov-west-1", "aws-us-gov" }, { "us-iso-east-1", "aws-iso" }, { "us-isob-east-1", "aws-iso-b" },
                { "eu-isoe-west-1", "aws-iso-e" }, { "us-isof-south-1", "aws-iso-f" } };
        for (String[] region : regions) {
            assertEquals("arn:" + region[1] + ":personalize:" + region[0] + ":123456789012:data-deletion-job/j",
                    new AccountScope("123456789012", region[0]).dataDeletionJobArn("j"), region[0]);
        }
    }
}
