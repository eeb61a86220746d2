package dev.deletionjobs.graphql;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.deletionjobs.graphql.DataDeletionJobCounts.DataDeletionJobStatusCount;
import dev.deletionjobs.graphql.DataDeletionJobOrder.OrderDirection;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.StatusCounts;
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
                toWire(job.status()),
                job.numDeleted(),
                job.failureReason(),
                job.creationDateTime(),
                job.lastUpdatedDateTime(),
                // Null when the answer does not show them, and so they were not read.
                job.tags() == null ? null
                        : job.tags().stream().map(tag -> new DataDeletionJobNode.TagNode(tag.tagKey(), tag.tagValue()))
                                .toList());
    }

    /** Spelled out, not matched by name: a status added to either enum fails to compile here, not at run time. */
    static DataDeletionJobStatus toWire(JobStatus status) {
        return switch (status) {
            case PENDING -> DataDeletionJobStatus.PENDING;
            case IN_PROGRESS -> DataDeletionJobStatus.IN_PROGRESS;
            case COMPLETED -> DataDeletionJobStatus.COMPLETED;
            case FAILED -> DataDeletionJobStatus.FAILED;
        };
    }

    static JobStatus toJobStatus(DataDeletionJobStatus status) {
        return switch (status) {
            case PENDING -> JobStatus.PENDING;
            case IN_PROGRESS -> JobStatus.IN_PROGRESS;
            case COMPLETED -> JobStatus.COMPLETED;
            case FAILED -> JobStatus.FAILED;
        };
    }

    /** The statuses of a filter; none given (null) is every status, as an empty set is to the service. */
    static Set<JobStatus> toJobStatuses(List<DataDeletionJobStatus> statuses) {
        Set<JobStatus> mapped = EnumSet.noneOf(JobStatus.class);
        if (statuses != null) {
            statuses.forEach(status -> mapped.add(toJobStatus(status)));
        }
        return mapped;
    }

    static NewDataDeletionJob toNewJob(CreateDataDeletionJobInput input) {
        List<Tag> tags = input.tags() == null ? null
                : input.tags().stream().map(tag -> tag == null ? null : new Tag(tag.tagKey(), tag.tagValue())).toList();
        return new NewDataDeletionJob(
                input.jobName(),
                input.datasetGroupArn(),
                input.dataSource() == null ? null : new NewDataDeletionJob.DataSource(input.dataSource().dataLocation()),
                input.roleArn(),
                tags);
    }

    /** The listing's order; newest first without an {@code orderBy}, as before there was one. */
    static ListOrder toListOrder(DataDeletionJobOrder orderBy) {
        return orderBy != null && orderBy.direction() == OrderDirection.ASC ? ListOrder.OLDEST_FIRST
                : ListOrder.NEWEST_FIRST;
    }

    static DataDeletionJobCounts toCounts(StatusCounts counts) {
        List<DataDeletionJobStatusCount> byStatus = counts.byStatus().entrySet().stream()
                .map(count -> new DataDeletionJobStatusCount(toWire(count.getKey()), Math.toIntExact(count.getValue())))
                .toList();
        return new DataDeletionJobCounts(Math.toIntExact(counts.total()), byStatus);
    }
}
