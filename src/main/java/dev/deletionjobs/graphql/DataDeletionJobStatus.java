package dev.deletionjobs.graphql;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Enum;

/** A job's status on the GraphQL wire: the service's JobStatus, as an enum a client's tools can check. */
@Enum("DataDeletionJobStatus")
@Description("Where a data deletion job is in its life: waiting, running, or ended.")
public enum DataDeletionJobStatus {
    PENDING,
    IN_PROGRESS,
    COMPLETED,
    FAILED
}
