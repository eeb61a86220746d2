package dev.deletionjobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.TestSettings;
import io.quarkus.runtime.LaunchMode;

class SettingsCheckTest {

    @Test
    void productionNeedsAStoreAndASecret() {
        assertEquals(List.of(
                "no MongoDB configured: set quarkus.mongodb.connection-string (QUARKUS_MONGODB_CONNECTION_STRING), or"
                        + " personalize.store.embedded=true for a local run",
                "personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) is required: every replica"
                        + " signs pagination tokens with it"),
                SettingsCheck.problems(settings("000000000000", "us-east-1", false, null), false, LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.problems(settings("000000000000", "us-east-1", false, "s".repeat(32)),
                true, LaunchMode.NORMAL));
    }

    @Test
    void aLocalRunNeedsNeither() {
        // The embedded store supplies the connection string as it starts.
        assertEquals(List.of(), SettingsCheck.problems(settings("000000000000", "us-east-1", true, null), true,
                LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.problems(settings("000000000000", "us-east-1", false, null), true,
                LaunchMode.DEVELOPMENT));
    }

    @Test
    void aBuildWithoutTheEmbeddedStoreSaysSo() {
        assertEquals(List.of("personalize.store.embedded=true, but this build has no embedded store (native executables"
                + " leave it out): set quarkus.mongodb.connection-string (QUARKUS_MONGODB_CONNECTION_STRING)"),
                SettingsCheck.problems(settings("000000000000", "us-east-1", true, null), false, LaunchMode.NORMAL));
    }

    @Test
    void postgresqlNeedsItsJdbcUrl() {
        TestSettings settings = (TestSettings) settings("000000000000", "us-east-1", false, "s".repeat(32));
        settings.storeKind = PersonalizeConfig.StoreKind.POSTGRESQL;
        assertEquals(List.of("no PostgreSQL configured: set quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL),"
                + " or personalize.store.embedded=true for a local run"),
                SettingsCheck.problems(settings, false, LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.problems(settings, true, LaunchMode.NORMAL));
        settings.embedded = true;
        assertEquals(List.of("personalize.store.embedded=true, but this build has no embedded store (native executables"
                + " leave it out): set quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL)"),
                SettingsCheck.problems(settings, false, LaunchMode.NORMAL));
    }

    @Test
    void accountRegionAndSecretMustBeWellFormed() {
        assertEquals(List.of(
                "personalize.account-id (PERSONALIZE_ACCOUNT_ID) must be 12 digits, not '1234'",
                "personalize.region (PERSONALIZE_REGION) must be a region name such as us-east-1, not 'Virginia'",
                "personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) must be at least 32"
                        + " characters long"),
                SettingsCheck.problems(settings("1234", "Virginia", true, "short"), true, LaunchMode.NORMAL));
    }

    @Test
    void theWorkerNeedsATimeoutAndRoomToCount() {
        TestSettings settings = (TestSettings) settings("000000000000", "us-east-1", true, null);
        settings.jobTimeout = java.time.Duration.ZERO;
        settings.memoryBudget = 64 * 1024;
        assertEquals(List.of(
                "personalize.worker.job-timeout (PERSONALIZE_WORKER_JOB_TIMEOUT) must be longer than zero",
                "personalize.worker.memory-budget (PERSONALIZE_WORKER_MEMORY_BUDGET) must be at least 1M"),
                SettingsCheck.problems(settings, true, LaunchMode.NORMAL));
        settings.jobTimeout = java.time.Duration.ofMinutes(15);
        settings.memoryBudget = 1L << 20;
        assertEquals(List.of(), SettingsCheck.problems(settings, true, LaunchMode.NORMAL));
    }

    private static PersonalizeConfig settings(String account, String region, boolean embedded, String secret) {
        TestSettings settings = new TestSettings();
        settings.accountId = account;
        settings.region = region;
        settings.embedded = embedded;
        settings.tokenSecret = secret;
        return settings;
    }
}
