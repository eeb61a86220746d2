package dev.deletionjobs.graphql;

import java.util.List;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.service.NewDataDeletionJob;

/** Maps between the GraphQL types and the service's types; nothing else in the interface builds either. */
final class NodeMapper {

    private NodeMapper() {
    }

    static DataDeletionJobNode toNode(DataDeletionJob job) {
        return new DataDeletionJobNode(
                job.arn(),
                job.jobName(),
                job.datasetGroupArn(),
                new DataDeletionJobNode.DataSourceNode(job.dataLocation()),
                job.roleArn(),
                job.status().name(),
                job.numDeleted(),
                job.failureReason(),
                job.creationDateTime(),
                job.lastUpdatedDateTime(),
                job.tags().stream().map(tag -> new DataDeletionJobNode.TagNode(tag.tagKey(), tag.tagValue())).toList());
    }

    static NewDataDeletionJob toNewJob(CreateDataDeletionJobInput input) {
        List<Tag> tags = input.tags() == null ? null
                : input.tags().stream().map(tag -> new Tag(tag.tagKey(), tag.tagValue())).toList();
        return new NewDataDeletionJob(
                input.jobName(),
                input.datasetGroupArn(),
                input.dataSource() == null ? null : new NewDataDeletionJob.DataSource(input.dataSource().dataLocation()),
                input.roleArn(),
                tags);
    }
}
