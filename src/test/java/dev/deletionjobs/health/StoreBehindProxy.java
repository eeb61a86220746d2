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
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Runs the service against a MongoDB-wire server it reaches only through a {@link TcpProxy}, which the test can
 * cut and restore: a store outage without stopping anything the service owns.
 */
public class StoreBehindProxy implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the proxy. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Proxy {
    }

    private MongoServer server;
    private TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        try {
            proxy = new TcpProxy(address);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Map.of(
                "personalize.store.embedded", "false",
                "quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + proxy.port());
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
        server.shutdownNow();
    }
}
