package dev.deletionjobs.pagination;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;

/** Builds the one codec from configuration: the configured secret, or a random key where none is required. */
public class CursorCodecProducer {

    @Produces
    @Singleton
    CursorCodec cursorCodec(PersonalizeConfig config, Clock clock) {
        PersonalizeConfig.Pagination pagination = config.pagination();
        return pagination.tokenSecret()
                .map(secret -> new CursorCodec(secret.getBytes(StandardCharsets.UTF_8), pagination.tokenTtl(), clock))
                .orElseGet(() -> CursorCodec.withRandomKey(pagination.tokenTtl(), clock));
    }
}
