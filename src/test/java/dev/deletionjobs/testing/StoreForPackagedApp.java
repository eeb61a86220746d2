package dev.deletionjobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The store of the integration tests, started by the test's own JVM, which the packaged application (jar or native
 * executable, which has no embedded store) reaches as it would a real one: a MongoDB-wire server, or with the init
 * argument {@code kind=postgresql} a PostgreSQL server. The worker stays off, so the black-box tests see the states
 * they create.
 */
public class StoreForPackagedApp implements QuarkusTestResourceLifecycleManager {

    private String kind = "mongodb";
    private MongoServer mongodb;
    private EmbeddedPostgres postgresql;

    @Override
    public void init(Map<String, String> initArgs) {
        kind = initArgs.getOrDefault("kind", kind);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "personalize.store.embedded", "false",
                "personalize.pagination.token-secret", "integration-test-pagination-secret-0123456789",
                "personalize.worker.enabled", "false",
                // The black-box suites call without signatures; SigV4 has its own tests.
                "personalize.auth.mode", "none"));
        if ("postgresql".equals(kind)) {
            try {
                postgresql = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings.put("personalize.store.kind", "postgresql");
            settings.put("quarkus.datasource.jdbc.url", postgresql.getJdbcUrl("postgres", "postgres"));
            settings.put("quarkus.datasource.username", "postgres");
        } else {
            mongodb = new MongoServer(new MemoryBackend());
            InetSocketAddress address = mongodb.bind();
            settings.put("quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + address.getPort());
        }
        return settings;
    }

    @Override
    public void stop() {
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
