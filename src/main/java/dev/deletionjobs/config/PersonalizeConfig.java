package dev.deletionjobs.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's own settings, under {@code personalize.*}; README lists each with its environment variable. */
@ConfigMapping(prefix = "personalize")
public interface PersonalizeConfig {

    /** The 12-digit account that owns every job (until callers are authenticated). */
    @WithDefault("000000000000")
    String accountId();

    /** The region that every job's ARN names. */
    @WithDefault("us-east-1")
    String region();

    Store store();

    Pagination pagination();

    interface Store {

        /** Run an in-process MongoDB-wire server instead of connecting to MongoDB (dev, tests, local runs). */
        @WithDefault("false")
        boolean embedded();

        /** Where the embedded store keeps its files when its backend is {@code h2}. */
        @WithDefault("data/")
        String embeddedPath();

        /** {@code h2} persists under the path; {@code memory} forgets everything at shutdown. */
        @WithDefault("h2")
        EmbeddedBackend embeddedBackend();
    }

    enum EmbeddedBackend {
        H2,
        MEMORY
    }

    interface Pagination {

        /** The HMAC key of pagination tokens; replicas that share it continue each other's listings. */
        Optional<String> tokenSecret();

        /** How long a pagination token stays valid after it is issued. */
        @WithDefault("24h")
        Duration tokenTtl();
    }
}
