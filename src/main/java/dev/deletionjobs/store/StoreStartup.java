package dev.deletionjobs.store;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import dev.deletionjobs.job.DataDeletionJobRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Makes the store ready: creates the list and queue indexes, and keeps trying while the store is unreachable (a pod
 * may start before its MongoDB), reporting through the startup health check until they exist.
 */
@Startup
@Singleton
public class StoreStartup implements HealthCheck {

    static final String CHECK_NAME = "Data deletion job indexes";

    private final DataDeletionJobRepository repository;
    private volatile boolean indexesCreated;
    private volatile String lastFailure = "not attempted yet";

    StoreStartup(DataDeletionJobRepository repository) {
        this.repository = repository;
    }

    /** After {@code SettingsCheck} (priority 1), which refuses to start without a store. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        createIndexes();
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (!indexesCreated) {
            createIndexes();
        }
    }

    private void createIndexes() {
        try {
            repository.createIndexes();
            indexesCreated = true;
            Log.debug("Data deletion job indexes are in place");
        } catch (RuntimeException e) {
            lastFailure = e.getMessage();
            Log.warnf("Cannot create the indexes yet, retrying every 5 s: %s", e.getMessage());
        }
    }

    @Override
    public HealthCheckResponse call() {
        return indexesCreated
                ? HealthCheckResponse.up(CHECK_NAME)
                : HealthCheckResponse.builder().name(CHECK_NAME).down().withData("lastFailure", lastFailure).build();
    }
}
