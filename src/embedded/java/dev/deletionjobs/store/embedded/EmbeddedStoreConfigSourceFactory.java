package dev.deletionjobs.store.embedded;

import java.util.ArrayList;
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
 * <p>
 * With it, unless {@code personalize.s3.endpoint} is set or {@code personalize.s3.embedded=false}, it also starts the
 * {@link EmbeddedS3Endpoint} and points the worker's S3 client at it, in a source below the environment's.
 */
public class EmbeddedStoreConfigSourceFactory implements ConfigSourceFactory {

    static final int ORDINAL = 500;
    // Above application.properties, below the environment and system properties: what a user sets by hand wins.
    static final int S3_ORDINAL = 275;
    static final String S3_PORT_DEFAULT = "8090";

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
        List<ConfigSource> sources = new ArrayList<>();
        if ("postgresql".equalsIgnoreCase(value(context, "personalize.store.kind", "mongodb").trim())) {
            String url = EmbeddedPostgresServer.start(persistent, directory);
            sources.add(new PropertiesConfigSource(Map.of(
                    "quarkus.datasource.jdbc.url", url,
                    "quarkus.datasource.username", EmbeddedPostgresServer.user()),
                    "embedded-postgresql-store", ORDINAL));
        } else {
            String connectionString = EmbeddedMongoServer.start(persistent, directory);
            sources.add(new PropertiesConfigSource(
                    Map.of("quarkus.mongodb.connection-string", connectionString), "embedded-mongodb-store", ORDINAL));
        }
        if (embeddedS3Wanted(context)) {
            String endpoint = EmbeddedS3Endpoint.start(s3Port(context), persistent, directory);
            // It checks no credentials, but the S3 client signs every request and must not go looking for keys.
            sources.add(new PropertiesConfigSource(Map.of(
                    "personalize.s3.endpoint", endpoint,
                    "personalize.s3.path-style", "true",
                    "personalize.s3.access-key-id", "embedded",
                    "personalize.s3.secret-access-key", "embedded"),
                    "embedded-s3-endpoint", S3_ORDINAL));
        }
        return sources;
    }

    private static boolean embeddedS3Wanted(ConfigSourceContext context) {
        ConfigValue endpoint = context.getValue("personalize.s3.endpoint");
        boolean endpointSet = endpoint != null && endpoint.getValue() != null && !endpoint.getValue().isBlank();
        return !endpointSet && Boolean.parseBoolean(value(context, "personalize.s3.embedded", "true").trim());
    }

    private static int s3Port(ConfigSourceContext context) {
        String port = value(context, "personalize.s3.embedded-port", S3_PORT_DEFAULT).trim();
        try {
            int number = Integer.parseInt(port);
            if (number >= 0 && number <= 65535) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the setting's name.
        }
        throw new IllegalArgumentException("personalize.s3.embedded-port (PERSONALIZE_S3_EMBEDDED_PORT) must be a"
                + " port number from 0 (any free port) to 65535, not '" + port + "'");
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
