package dev.deletionjobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A store server of a test resource's own, in the test JVM, for an application that reaches it as it would a real
 * one (the packaged jar, or the service behind a {@link TcpProxy}): a MongoDB-wire server, or a PostgreSQL server.
 */
public final class StoreServer implements AutoCloseable {

    private final String kind;
    private final MongoServer mongodb;
    private final EmbeddedPostgres postgresql;

    private StoreServer(String kind, MongoServer mongodb, EmbeddedPostgres postgresql) {
        this.kind = kind;
        this.mongodb = mongodb;
        this.postgresql = postgresql;
    }

    /** Starts a server for {@code kind}: {@code mongodb} or {@code postgresql}. */
    public static StoreServer start(String kind) {
        if ("postgresql".equals(kind)) {
            try {
                return new StoreServer(kind, null, EmbeddedPostgres.builder().start());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        MemoryBackend backend = new MemoryBackend();
        // Change streams (the subscriptions' feed) read the oplog, as on a replica set.
        backend.enableOplog();
        MongoServer mongodb = new MongoServer(backend);
        mongodb.bind();
        return new StoreServer(kind, mongodb, null);
    }

    /** Where the server listens. */
    public InetSocketAddress address() {
        return postgresql != null ? new InetSocketAddress("127.0.0.1", postgresql.getPort())
                : mongodb.getLocalAddress();
    }

    /** The settings that make the service use this server, reached on {@code port} of the loopback interface. */
    public Map<String, String> settings(int port) {
        if (postgresql != null) {
            return Map.of(
                    "personalize.store.kind", kind,
                    "personalize.store.embedded", "false",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                    "quarkus.datasource.username", "postgres");
        }
        return Map.of(
                "personalize.store.embedded", "false",
                "quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        if (mongodb != null) {
            mongodb.shutdownNow();
        }
        if (postgresql != null) {
            try {
                postgresql.close();
            } catch (IOException ignored) {
                // Its shutdown hook stops it anyway.
            }
        }
    }
}
