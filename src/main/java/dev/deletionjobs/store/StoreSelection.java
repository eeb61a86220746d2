package dev.deletionjobs.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.store.mongodb.MongoDataDeletionJobRepository;
import dev.deletionjobs.store.postgresql.PostgresDataDeletionJobRepository;

/**
 * Hands out the store that {@code personalize.store.kind} names. The other one is never created, so its client never
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
}
