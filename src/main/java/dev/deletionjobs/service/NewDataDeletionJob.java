package dev.deletionjobs.service;

import java.util.List;

import dev.deletionjobs.job.Tag;

/**
 * What a caller asks for when creating a job, exactly as it arrived: any member may be missing or malformed, and
 * {@link DataDeletionJobService#create} says which.
 */
public record NewDataDeletionJob(String jobName, String datasetGroupArn, DataSource dataSource, String roleArn,
        List<Tag> tags) {

    /** The {@code dataSource} member: where the CSV of user ids to delete lives. */
    public record DataSource(String dataLocation) {
    }
}
