package dev.deletionjobs.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.store.mongodb.DataDeletionJobDocument;
import dev.deletionjobs.store.mongodb.MongoDataDeletionJobRepository;
import dev.deletionjobs.store.postgresql.DataDeletionJobRow;
import dev.deletionjobs.store.postgresql.PostgresDataDeletionJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Plants a job as a replica that died would leave it: IN_PROGRESS, under a lease that has lapsed. No port operation
 * writes that state (only a worker's claim does, and the test's own worker would race it), so this goes to whichever
 * store is in use directly.
 */
@ApplicationScoped
public class OrphanedJobs {

    private final PersonalizeConfig config;
    private final Instance<MongoDataDeletionJobRepository> mongodb;
    private final Instance<PostgresDataDeletionJobRepository> postgresql;

    OrphanedJobs(PersonalizeConfig config, Instance<MongoDataDeletionJobRepository> mongodb,
            Instance<PostgresDataDeletionJobRepository> postgresql) {
        this.config = config;
        this.mongodb = mongodb;
        this.postgresql = postgresql;
    }

    /** Stores the orphan and returns its ARN. */
    public String plant(String jobName, String datasetGroupArn, String dataLocation) {
        AccountScope scope = new AccountScope("000000000000", "us-east-1");
        // Whole milliseconds, as every job the service stores has.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        DataDeletionJob job = new DataDeletionJob(scope.dataDeletionJobArn(jobName), scope, jobName, datasetGroupArn,
                dataLocation, "arn:aws:iam::000000000000:role/R", List.of(), JobStatus.IN_PROGRESS, null, null,
                now.minusSeconds(120), now.minusSeconds(60));
        String owner = "a-replica-that-died";
        Instant lapsed = Instant.now().minusSeconds(1);
        switch (config.store().kind()) {
            case MONGODB -> {
                DataDeletionJobDocument orphan = DataDeletionJobDocument.from(job);
                orphan.owner = owner;
                orphan.leaseExpiry = lapsed;
                mongodb.get().persist(orphan);
                // As a document written before claims were counted: without attempts, which must read as 0.
                mongodb.get().mongoCollection().updateOne(Filters.eq("_id", orphan.arn), Updates.unset("attempts"));
            }
            case POSTGRESQL -> {
                DataDeletionJobRow orphan = DataDeletionJobRow.from(job);
                orphan.owner = owner;
                orphan.leaseExpiry = lapsed;
                QuarkusTransaction.requiringNew().run(() -> postgresql.get().persist(orphan));
            }
        }
        return job.arn();
    }
}
