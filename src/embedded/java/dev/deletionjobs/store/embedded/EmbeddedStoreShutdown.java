package dev.deletionjobs.store.embedded;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Stops the embedded server and S3 endpoint when the application stops (in dev mode, before every live reload, which
 * frees the H2 file, the PostgreSQL data directory and the S3 port for the next start), after the worker (priority 10)
 * has handed back its jobs, which needs the store, and the change feed (priority 100) has stopped reading it.
 */
@Singleton
public class EmbeddedStoreShutdown {

    // Quarkus registers a mapping only where one is injected; registered, its settings are known keys, not typos.
    EmbeddedStoreShutdown(EmbeddedS3Settings s3Settings) {
    }

    void onStop(@Observes @Priority(1000) ShutdownEvent event) {
        EmbeddedMongoServer.stop();
        EmbeddedPostgresServer.stop();
        EmbeddedS3Endpoint.stop();
    }
}
