package dev.deletionjobs.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The store of the integration tests, started by the test's own JVM, which the packaged application (jar or native
 * executable, which has no embedded store) reaches as it would a real one: a MongoDB-wire server, or with the init
 * argument {@code kind=postgresql} a PostgreSQL server. The worker stays off, so the black-box tests see the states
 * they create.
 */
public class StoreForPackagedApp implements QuarkusTestResourceLifecycleManager {

    /** The settings of the application under test, for a second replica on the same store. */
    private static volatile Map<String, String> started = Map.of();

    private String kind = "mongodb";
    private StoreServer server;

    /** What the last started store told the application: the store, its secret, the worker off, its ports. */
    public static Map<String, String> settings() {
        return started;
    }

    /** The management port of the application under test. */
    public static int managementPort() {
        return Integer.parseInt(started.get("quarkus.management.port"));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        kind = initArgs.getOrDefault("kind", kind);
    }

    @Override
    public Map<String, String> start() {
        server = StoreServer.start(kind);
        Map<String, String> settings = new HashMap<>(server.settings(server.address().getPort()));
        settings.put("personalize.pagination.token-secret", "integration-test-pagination-secret-0123456789");
        settings.put("personalize.worker.enabled", "false");
        // The black-box suites call without signatures (SigV4 has its own tests): a prod launch must opt in to that.
        settings.put("personalize.auth.mode", "none");
        settings.put("personalize.auth.allow-unauthenticated", "true");
        // A port of its own, not the production 9000, so a second replica of a test can run beside it.
        settings.put("quarkus.management.port", String.valueOf(FreePorts.next()));
        started = Map.copyOf(settings);
        return settings;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
