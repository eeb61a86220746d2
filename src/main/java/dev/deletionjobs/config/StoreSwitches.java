package dev.deletionjobs.config;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.ConfigValue;

/**
 * Derives Quarkus's switches from {@code personalize.store.kind}: the chosen store's client and health check are on,
 * the other store's are off, so it never connects and its health check is not listed. One setting thus picks the
 * store; a switch set explicitly still wins.
 */
public class StoreSwitches implements ConfigSourceInterceptorFactory {

    static final String KIND = "personalize.store.kind";

    /** Each switch, and the store kind it belongs to. */
    private static final Map<String, String> SWITCHES = Map.of(
            "quarkus.mongodb.active", "mongodb",
            healthCheck("io.quarkus.mongodb.health.MongoHealthCheck"), "mongodb",
            "quarkus.datasource.active", "postgresql",
            "quarkus.hibernate-orm.active", "postgresql",
            healthCheck("io.quarkus.agroal.runtime.health.DataSourceHealthCheck"), "postgresql");

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return new ConfigSourceInterceptor() {
            @Override
            public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
                return valueOf(context, name);
            }

            /** Listed, so that the health checks' map of switches learns these keys. */
            @Override
            public Iterator<String> iterateNames(ConfigSourceInterceptorContext context) {
                Set<String> names = new LinkedHashSet<>();
                context.iterateNames().forEachRemaining(names::add);
                names.addAll(SWITCHES.keySet());
                return names.iterator();
            }
        };
    }

    private static ConfigValue valueOf(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String owner = SWITCHES.get(name);
        // An extension's own default (true) sits in the lowest-ordinal source: it yields; a value set anywhere wins.
        if (owner == null || value != null && value.getConfigSourceOrdinal() > Integer.MIN_VALUE) {
            return value;
        }
        ConfigValue kind = context.proceed(KIND);
        String chosen = kind == null || kind.getValue() == null ? "mongodb" : kind.getValue().trim();
        return ConfigValue.builder()
                .withName(name)
                .withValue(Boolean.toString(owner.equalsIgnoreCase(chosen)))
                .withConfigSourceName("derived from " + KIND)
                .build();
    }

    private static String healthCheck(String className) {
        return "quarkus.smallrye-health.check.\"" + className + "\".enabled";
    }
}
