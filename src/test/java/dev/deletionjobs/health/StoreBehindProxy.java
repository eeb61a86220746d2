package dev.deletionjobs.health;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.deletionjobs.testing.StoreServer;
import dev.deletionjobs.testing.TcpProxy;
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
    private StoreServer server;
    private TcpProxy proxy;

    @Override
    public void init(Map<String, String> initArgs) {
        kind = initArgs.getOrDefault("kind", kind);
    }

    @Override
    public Map<String, String> start() {
        server = StoreServer.start(kind);
        try {
            proxy = new TcpProxy(server.address());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return server.settings(proxy.port());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(proxy, new TestInjector.AnnotatedAndMatchesType(Proxy.class, TcpProxy.class));
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
        server.close();
    }
}
