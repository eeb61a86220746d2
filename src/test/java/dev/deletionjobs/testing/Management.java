package dev.deletionjobs.testing;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface (health and metrics) of the application under test, on its own port. */
public final class Management {

    private Management() {
    }

    /** The URL of {@code path} on the management interface, on the port Quarkus picked for the running test. */
    public static String url(String path) {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        return "http://localhost:" + port + path;
    }
}
