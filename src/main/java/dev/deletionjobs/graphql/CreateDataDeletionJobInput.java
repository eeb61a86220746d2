package dev.deletionjobs.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

import io.smallrye.graphql.api.Nullable;

/** The members of AWS's CreateDataDeletionJob, under the same names and rules. */
@Input("CreateDataDeletionJobInput")
@Description("A new data deletion job: the members and rules of AWS's CreateDataDeletionJob.")
public record CreateDataDeletionJobInput(
        @NonNull @Description("1 to 63 letters, digits, - and _, starting with a letter or digit.") String jobName,
        @NonNull @Description("The ARN of the dataset group to delete users from.") String datasetGroupArn,
        @NonNull @Description("Where the CSV of user ids to delete lives.") DataSourceInput dataSource,
        @NonNull @Description("The ARN of an IAM role that can read the data source.") String roleArn,
        @Nullable @Description("Up to 200 tags, keys unique.") List<@NonNull TagInput> tags) {

    @Input("DataSourceInput")
    @Description("Where a job reads the CSV file of the users to delete.")
    public record DataSourceInput(
            @NonNull @Description("An s3://, http:// or https:// location of at most 256 characters.") String dataLocation) {
    }

    @Input("TagInput")
    @Description("A tag to attach to the job.")
    public record TagInput(
            @NonNull @Description("1 to 128 characters.") String tagKey,
            @NonNull @Description("0 to 256 characters.") String tagValue) {
    }
}
