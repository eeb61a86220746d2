package dev.deletionjobs.store.mongodb;

import java.time.Instant;
import java.util.List;

import org.bson.codecs.pojo.annotations.BsonId;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import io.quarkus.mongodb.panache.common.MongoEntity;

/**
 * How a job is kept in MongoDB. The ARN is the {@code _id}, so MongoDB's unique primary key is what makes a job name
 * unique per account and region, also when two creates race. Only {@link MongoDataDeletionJobRepository} (and tests
 * that plant states no port operation writes) sees it.
 */
@MongoEntity(collection = DataDeletionJobDocument.COLLECTION)
public class DataDeletionJobDocument {

    static final String COLLECTION = "data_deletion_jobs";
    /** The field of {@link #tags}, which reads that do not show tags leave out. */
    static final String TAGS = "tags";

    @BsonId
    public String arn;
    public String accountId;
    public String region;
    public String jobName;
    public String datasetGroupArn;
    public DataSourceDocument dataSource;
    public String roleArn;
    public List<TagDocument> tags;
    public String status;
    public Integer numDeleted;
    public String failureReason;
    public Instant creationDateTime;
    public Instant lastUpdatedDateTime;
    /** The worker that holds an IN_PROGRESS job, and until when; both absent otherwise. */
    public String owner;
    public Instant leaseExpiry;
    /** How many times a worker claimed the job; absent (0) in documents older than the counter. */
    public int attempts;

    /** The job's input location, nested as in the API's {@code dataSource} member. */
    public static class DataSourceDocument {
        public String dataLocation;
    }

    /** One tag, with the API's member names. */
    public static class TagDocument {
        public String tagKey;
        public String tagValue;
    }

    public static DataDeletionJobDocument from(DataDeletionJob job) {
        DataDeletionJobDocument entity = new DataDeletionJobDocument();
        entity.arn = job.arn();
        entity.accountId = job.scope().accountId();
        entity.region = job.scope().region();
        entity.jobName = job.jobName();
        entity.datasetGroupArn = job.datasetGroupArn();
        entity.dataSource = new DataSourceDocument();
        entity.dataSource.dataLocation = job.dataLocation();
        entity.roleArn = job.roleArn();
        entity.tags = job.tags().stream().map(tag -> {
            TagDocument document = new TagDocument();
            document.tagKey = tag.tagKey();
            document.tagValue = tag.tagValue();
            return document;
        }).toList();
        entity.status = job.status().name();
        entity.numDeleted = job.numDeleted();
        entity.failureReason = job.failureReason();
        entity.creationDateTime = job.creationDateTime();
        entity.lastUpdatedDateTime = job.lastUpdatedDateTime();
        return entity;
    }

    DataDeletionJob toJob() {
        return toJob(JobReading.WHOLE);
    }

    /** The job this document holds, read with {@code reading}: without tags, a document read without them. */
    DataDeletionJob toJob(JobReading reading) {
        List<Tag> read;
        if (reading == JobReading.WITHOUT_TAGS) {
            read = null;
        } else {
            read = tags == null ? List.of() : tags.stream().map(tag -> new Tag(tag.tagKey, tag.tagValue)).toList();
        }
        return new DataDeletionJob(
                arn,
                new AccountScope(accountId, region),
                jobName,
                datasetGroupArn,
                dataSource == null ? null : dataSource.dataLocation,
                roleArn,
                read,
                JobStatus.valueOf(status),
                numDeleted,
                failureReason,
                creationDateTime,
                lastUpdatedDateTime);
    }
}
