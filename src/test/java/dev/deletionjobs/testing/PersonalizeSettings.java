package dev.deletionjobs.testing;

import java.time.Duration;
import java.util.Map;

import dev.deletionjobs.config.PersonalizeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service's real settings mapping, with its real defaults, for tests that build the service's parts by hand:
 * only what a test overrides differs from what the application would read.
 */
public final class PersonalizeSettings {

    private PersonalizeSettings() {
    }

    /** The mapping with {@code overrides} (property name to value) over its defaults. */
    public static PersonalizeConfig with(Map<String, String> overrides) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(PersonalizeConfig.class)
                // Quarkus registers these for the application; a bare SmallRye builder knows neither form ("15s", "1G").
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter());
        overrides.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(PersonalizeConfig.class);
    }
}
