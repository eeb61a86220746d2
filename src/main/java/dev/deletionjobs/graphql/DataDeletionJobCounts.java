package dev.deletionjobs.graphql;

import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/** How many jobs a dashboard's header shows: all of them, and those of each status. */
@Type("DataDeletionJobCounts")
@Description("How many data deletion jobs match the filters: in all, and in each status.")
public record DataDeletionJobCounts(
        @NonNull @Description("How many jobs match, whatever their status.") int total,
        @NonNull @Description("How many match in each status: every status, in the enum's order, zero included.") List<@NonNull DataDeletionJobStatusCount> byStatus) {

    /** How many jobs are in one status. */
    @Type("DataDeletionJobStatusCount")
    @Description("How many jobs are in one status.")
    public record DataDeletionJobStatusCount(
            @NonNull @Description("The status.") DataDeletionJobStatus status,
            @NonNull @Description("How many matching jobs are in it.") int count) {
    }
}
