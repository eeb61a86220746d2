package dev.deletionjobs.store;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import dev.deletionjobs.job.DataDeletionJobStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Makes the store ready (MongoDB's indexes, PostgreSQL's migrations), and keeps trying while the store is unreachable
 * (a pod may start before its database), reporting through the startup health check until it is.
 */
@Startup
@Singleton
public class StoreStartup implements HealthCheck {

    static final String CHECK_NAME = "Data deletion job store";

    private final DataDeletionJobStore store;
    private volatile boolean prepared;
    private volatile String lastFailure = "not attempted yet";

    StoreStartup(DataDeletionJobStore store) {
        this.store = store;
    }

    /** After {@code SettingsCheck} (priority 1), which refuses to start without a store. */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        prepare();
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void retry() {
        if (!prepared) {
            prepare();
        }
    }

    private void prepare() {
        try {
            store.prepare();
            prepared = true;
            Log.debug("The data deletion job store is ready");
        } catch (RuntimeException e) {
            lastFailure = e.getMessage();
            Log.warnf("Cannot prepare the store yet, retrying every 5 s: %s", e.getMessage());
        }
    }

    @Override
    public HealthCheckResponse call() {
        return prepared
                ? HealthCheckResponse.up(CHECK_NAME)
                : HealthCheckResponse.builder().name(CHECK_NAME).down().withData("lastFailure", lastFailure).build();
    }
}
