package dev.deletionjobs.store;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.job.DataDeletionJobRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Makes the store ready before the first request (the list indexes) and stops the embedded server at shutdown. */
@Singleton
public class StoreStartup {

    private final DataDeletionJobRepository repository;

    StoreStartup(DataDeletionJobRepository repository) {
        this.repository = repository;
    }

    /** After {@code SettingsCheck} (priority 1), which refuses to start without a store. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        repository.createIndexes();
        Log.debug("Data deletion job indexes are in place");
    }

    /** After the worker (priority 10) has handed back its jobs, which needs the store. */
    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        EmbeddedMongoServer.stop();
    }
}
