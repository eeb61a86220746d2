package dev.deletionjobs.testing;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.deletionjobs.config.PersonalizeConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service's real settings, for tests that build its parts by hand: its {@code @ConfigMapping} with its own
 * defaults, and only the properties a test names set over them, so no default can drift from the application's.
 */
public final class TestSettings {

    /**
     * What every such test needs: the in-test servers a worker reads from are on loopback (as the test profile
     * allows), and the SDK's S3 client signs with a key of its own instead of looking for the machine's.
     */
    private static final Map<String, String> TEST_PROFILE = Map.of(
            "personalize.worker.allow-private-sources", "true",
            "personalize.s3.access-key-id", "test-access-key",
            "personalize.s3.secret-access-key", "test-secret-key");

    private final Map<String, String> properties = new HashMap<>(TEST_PROFILE);

    /** Sets {@code property} (its name in application.properties) to {@code value}, written as there. */
    public TestSettings set(String property, Object value) {
        properties.put(property, String.valueOf(value));
        return this;
    }

    /** The settings, as the application would read them with these properties. */
    public PersonalizeConfig config() {
        return mapping(properties);
    }

    /** The settings with nothing but the test profile's properties. */
    public static PersonalizeConfig defaults() {
        return new TestSettings().config();
    }

    /** The real mapping over exactly {@code properties}: no test profile, no system properties. */
    public static PersonalizeConfig mapping(Map<String, String> properties) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withMapping(PersonalizeConfig.class)
                // Quarkus registers these for the application; a bare SmallRye builder knows neither form ("15s", "1G").
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter());
        properties.forEach(builder::withDefaultValue);
        return builder.build().getConfigMapping(PersonalizeConfig.class);
    }
}
