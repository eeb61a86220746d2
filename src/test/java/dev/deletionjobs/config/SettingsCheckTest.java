package dev.deletionjobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.quarkus.runtime.LaunchMode;

class SettingsCheckTest {

    private static final String SECRET = "s".repeat(32);

    @Test
    void productionNeedsAStoreAndASecret() {
        assertEquals(List.of(
                "no MongoDB configured: set quarkus.mongodb.connection-string (QUARKUS_MONGODB_CONNECTION_STRING), or"
                        + " personalize.store.embedded=true for a local run",
                "personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) is required: every replica"
                        + " signs pagination tokens with it"),
                SettingsCheck.problems(config("000000000000", "us-east-1", false, null), false, LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.problems(config("000000000000", "us-east-1", false, SECRET), true,
                LaunchMode.NORMAL));
    }

    @Test
    void aLocalRunNeedsNeither() {
        assertEquals(List.of(), SettingsCheck.problems(config("000000000000", "us-east-1", true, null), false,
                LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.problems(config("000000000000", "us-east-1", false, null), true,
                LaunchMode.DEVELOPMENT));
    }

    @Test
    void accountRegionAndSecretMustBeWellFormed() {
        assertEquals(List.of(
                "personalize.account-id (PERSONALIZE_ACCOUNT_ID) must be 12 digits, not '1234'",
                "personalize.region (PERSONALIZE_REGION) must be a region name such as us-east-1, not 'Virginia'",
                "personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) must be at least 32"
                        + " characters long"),
                SettingsCheck.problems(config("1234", "Virginia", true, "short"), true, LaunchMode.NORMAL));
    }

    private static PersonalizeConfig config(String account, String region, boolean embedded, String secret) {
        return new PersonalizeConfig() {
            public String accountId() {
                return account;
            }

            public String region() {
                return region;
            }

            public Store store() {
                return new Store() {
                    public boolean embedded() {
                        return embedded;
                    }

                    public String embeddedPath() {
                        return "data/";
                    }

                    public EmbeddedBackend embeddedBackend() {
                        return EmbeddedBackend.MEMORY;
                    }
                };
            }

            public Pagination pagination() {
                return new Pagination() {
                    public Optional<String> tokenSecret() {
                        return Optional.ofNullable(secret);
                    }

                    public Duration tokenTtl() {
                        return Duration.ofHours(24);
                    }
                };
            }
        };
    }
}
