package dev.deletionjobs.store.embedded;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * With {@code personalize.store.embedded=true}, starts the embedded store of {@code personalize.store.kind} and points
 * its client at it: {@code quarkus.mongodb.connection-string} for the MongoDB-wire server, the default datasource's
 * URL and user for PostgreSQL. Its ordinal is above system properties and environment variables: when a run asks for
 * the embedded store, a connection string inherited from the environment must not silently send it elsewhere.
 */
public class EmbeddedStoreConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 500;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // Configuration is also read while the application is built; a server is only wanted when it runs.
        if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT || !enabled(context)) {
            return List.of();
        }
        // persistent, or its former name h2; the mapping refuses any other value at startup.
        boolean persistent = !"memory".equalsIgnoreCase(
                value(context, "personalize.store.embedded-backend", "persistent").trim());
        String directory = value(context, "personalize.store.embedded-path", "data/");
        if ("postgresql".equalsIgnoreCase(value(context, "personalize.store.kind", "mongodb").trim())) {
            String url = EmbeddedPostgresServer.start(persistent, directory);
            return List.of(new PropertiesConfigSource(Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", EmbeddedPostgresServer.user()),
                    "embedded-postgresql-store", ORDINAL));
        }
        String connectionString = EmbeddedMongoServer.start(persistent, directory);
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.mongodb.connection-string", connectionString), "embedded-mongodb-store", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean enabled(ConfigSourceContext context) {
        return Boolean.parseBoolean(value(context, "personalize.store.embedded", "false"));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }
}
