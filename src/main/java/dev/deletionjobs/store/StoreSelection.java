package dev.deletionjobs.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobChangeFeed;
import dev.deletionjobs.store.mongodb.MongoDataDeletionJobRepository;
import dev.deletionjobs.store.mongodb.MongoJobChangeFeed;
import dev.deletionjobs.store.postgresql.PostgresDataDeletionJobRepository;
import dev.deletionjobs.store.postgresql.PostgresJobChangeFeed;

/**
 * Hands out the store (and its change feed) that {@code personalize.store.kind} names. The other one is never created, so its
 * client never
 * connects (its datasource or MongoDB client is also switched inactive: see {@code StoreSwitches}).
 */
@ApplicationScoped
public class StoreSelection {

    @Produces
    @ApplicationScoped
    DataDeletionJobStore store(PersonalizeConfig config, Instance<MongoDataDeletionJobRepository> mongodb,
            Instance<PostgresDataDeletionJobRepository> postgresql) {
        return switch (config.store().kind()) {
            case MONGODB -> mongodb.get();
            case POSTGRESQL -> postgresql.get();
        };
    }

    @Produces
    @ApplicationScoped
    JobChangeFeed changeFeed(PersonalizeConfig config, Instance<MongoJobChangeFeed> mongodb,
            Instance<PostgresJobChangeFeed> postgresql) {
        return switch (config.store().kind()) {
            case MONGODB -> mongodb.get();
            case POSTGRESQL -> postgresql.get();
        };
    }
}
