package dev.deletionjobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.deletionjobs.config.PersonalizeConfig.EmbeddedBackend;
import dev.deletionjobs.testing.TestSettings;

/** The embedded store's backend is named for what it does; the name it had before still works for a release. */
class EmbeddedBackendSettingTest {

    @ParameterizedTest
    @CsvSource({ "persistent, PERSISTENT", "memory, MEMORY", "h2, H2" })
    void acceptsEachNameAndTheFormerOne(String setting, EmbeddedBackend expected) {
        assertEquals(expected, backend(setting));
    }

    @ParameterizedTest
    @ValueSource(strings = { "disk", "" })
    void refusesAnyOther(String setting) {
        assertThrows(RuntimeException.class, () -> backend(setting));
    }

    private static EmbeddedBackend backend(String setting) {
        return TestSettings.mapping(Map.of("personalize.store.embedded-backend", setting)).store().embeddedBackend();
    }
}
