package dev.deletionjobs.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.NonNull;

/** How a connection orders its jobs, in the shape of GitHub's {@code orderBy} inputs. */
@Input("DataDeletionJobOrder")
@Description("The order of a connection's jobs: a field and a direction.")
public record DataDeletionJobOrder(
        @NonNull @Description("The field to order by; ties are broken by the job's ARN, in the same direction.") DataDeletionJobOrderField field,
        @NonNull @Description("Ascending (oldest first) or descending (newest first).") OrderDirection direction) {

    /** What jobs can be ordered by: what the list indexes hold. */
    @Enum("DataDeletionJobOrderField")
    @Description("The fields a connection of jobs can be ordered by.")
    public enum DataDeletionJobOrderField {
        @Description("When the job was created.")
        CREATION_DATE_TIME
    }

    /** Which way an order runs. */
    @Enum("OrderDirection")
    @Description("Which way an order runs.")
    public enum OrderDirection {
        @Description("Smallest first: for creation times, oldest first.")
        ASC,
        @Description("Largest first: for creation times, newest first.")
        DESC
    }
}
