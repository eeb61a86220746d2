package dev.deletionjobs.health;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.deletionjobs.testing.TcpProxy;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the service against a store it reaches only through a {@link TcpProxy}, which the test can cut and restore: a
 * store outage without stopping anything the service owns. The store is a MongoDB-wire server, or with the init
 * argument {@code kind=postgresql} a PostgreSQL server of its own.
 */
public class StoreBehindProxy implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the proxy. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Proxy {
    }

    private String kind = "mongodb";
    private MongoServer mongodb;
    private EmbeddedPostgres postgresql;
    private TcpProxy proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        kind = initArgs.getOrDefault("kind", kind);
    }

    @Override
    public Map<String, String> start() {
        try {
            if ("postgresql".equals(kind)) {
                postgresql = EmbeddedPostgres.builder().start();
                proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", postgresql.getPort()));
                return Map.of(
                        "personalize.store.kind", "postgresql",
                        "personalize.store.embedded", "false",
                        "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/postgres",
                        "quarkus.datasource.username", "postgres");
            }
            mongodb = new MongoServer(new MemoryBackend());
            proxy = new TcpProxy(mongodb.bind());
            return Map.of(
                    "personalize.store.embedded", "false",
                    "quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + proxy.port());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Proxy.class, TcpProxy.class));
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (java.io.IOException ignored) {
            // Closing anyway.
        }
        if (mongodb != null) {
            mongodb.shutdownNow();
        }
        if (postgresql != null) {
            try {
                postgresql.close();
            } catch (java.io.IOException ignored) {
                // Its shutdown hook stops it anyway.
            }
        }
    }
}
