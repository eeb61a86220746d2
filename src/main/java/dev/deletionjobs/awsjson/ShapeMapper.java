package dev.deletionjobs.awsjson;

import java.util.List;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.service.DataDeletionJobService;
import dev.deletionjobs.service.NewDataDeletionJob;

/** Maps between the AWS shapes and the service's types; nothing else in the interface builds either. */
final class ShapeMapper {

    private ShapeMapper() {
    }

    static NewDataDeletionJob toNewJob(Shapes.CreateDataDeletionJobRequest request) {
        // Only the first tags were built: the count of the others is the service's first refusal.
        if (request.tags() instanceof BoundedTagsDeserializer.Counted tags && tags.total() > tags.size()) {
            throw DataDeletionJobService.tooManyTags(tags.total());
        }
        return new NewDataDeletionJob(
                request.jobName(),
                request.datasetGroupArn(),
                request.dataSource() == null ? null : new NewDataDeletionJob.DataSource(request.dataSource().dataLocation()),
                request.roleArn(),
                request.tags() == null ? null
                        : request.tags().stream()
                                .map(tag -> tag == null ? null : new Tag(tag.tagKey(), tag.tagValue()))
                                .toList());
    }

    static Shapes.DataDeletionJob toShape(DataDeletionJob job) {
        return new Shapes.DataDeletionJob(
                job.jobName(),
                job.arn(),
                job.datasetGroupArn(),
                new Shapes.DataSource(job.dataLocation()),
                job.roleArn(),
                job.status().name(),
                job.numDeleted(),
                job.creationDateTime(),
                job.lastUpdatedDateTime(),
                job.failureReason());
    }

    static Shapes.DataDeletionJobSummary toSummary(DataDeletionJob job) {
        return new Shapes.DataDeletionJobSummary(
                job.arn(),
                job.datasetGroupArn(),
                job.jobName(),
                job.status().name(),
                job.creationDateTime(),
                job.lastUpdatedDateTime(),
                job.failureReason());
    }

    static List<Shapes.DataDeletionJobSummary> toSummaries(List<DataDeletionJob> jobs) {
        return jobs.stream().map(ShapeMapper::toSummary).toList();
    }
}
