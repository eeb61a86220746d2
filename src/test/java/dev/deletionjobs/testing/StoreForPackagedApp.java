package dev.deletionjobs.testing;

import java.net.InetSocketAddress;
import java.util.Map;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The store of the integration tests: a MongoDB-wire server in the test's own JVM, which the packaged application
 * (jar or native executable, which has no embedded store) reaches as it would a real MongoDB. The worker stays off,
 * so the black-box tests see the states they create.
 */
public class StoreForPackagedApp implements QuarkusTestResourceLifecycleManager {

    private MongoServer server;

    @Override
    public Map<String, String> start() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        return Map.of(
                "personalize.store.embedded", "false",
                "quarkus.mongodb.connection-string", "mongodb://127.0.0.1:" + address.getPort(),
                "personalize.pagination.token-secret", "integration-test-pagination-secret-0123456789",
                "personalize.worker.enabled", "false",
                // The black-box suites call without signatures; SigV4 has its own tests.
                "personalize.auth.mode", "none");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }
}
