package dev.deletionjobs.store.embedded;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Stops the embedded server when the application stops (in dev mode, before every live reload, which frees the H2
 * file or the PostgreSQL data directory for the next start), after the worker (priority 10) has handed back its jobs,
 * which needs the store.
 */
@Singleton
public class EmbeddedStoreShutdown {

    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        EmbeddedMongoServer.stop();
        EmbeddedPostgresServer.stop();
    }
}
