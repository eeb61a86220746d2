package dev.deletionjobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.awsjson.AwsAnswerLengths;
import dev.deletionjobs.config.PersonalizeConfig.AuthMode;
import dev.deletionjobs.store.embedded.EmbeddedS3Settings;
import dev.deletionjobs.testing.TestSettings;
import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SettingsCheckTest {

    private static final String UNAUTHENTICATED = "personalize.auth.mode=none would serve every caller"
            + " unauthenticated: configure personalize.auth.mode=sigv4 with identities, or set"
            + " personalize.auth.allow-unauthenticated=true (PERSONALIZE_AUTH_ALLOW_UNAUTHENTICATED) to mean it";

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
        TestSettings settings = production("000000000000", "us-east-1", false, "s".repeat(32))
                .set("personalize.store.kind", "postgresql");
        assertEquals(List.of("no PostgreSQL configured: set quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL),"
                + " or personalize.store.embedded=true for a local run"),
                SettingsCheck.problems(settings.config(), false, LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        settings.set("personalize.store.embedded", true);
        assertEquals(List.of("personalize.store.embedded=true, but this build has no embedded store (native executables"
                + " leave it out): set quarkus.datasource.jdbc.url (QUARKUS_DATASOURCE_JDBC_URL)"),
                SettingsCheck.problems(settings.config(), false, LaunchMode.NORMAL));
    }

    @Test
    void accountRegionAndSecretMustBeWellFormed() {
        assertEquals(List.of(
                "personalize.account-id (PERSONALIZE_ACCOUNT_ID) must be 12 digits, not '1234'",
                "personalize.region (PERSONALIZE_REGION) must be a region name such as us-east-1, not 'Virginia'",
                "personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) must be at least 32"
                        + " characters long"),
                SettingsCheck.problems(settings("1234", "Virginia", true, "short"), true, LaunchMode.NORMAL));
        assertEquals(List.of("personalize.region (PERSONALIZE_REGION) must be a region name such as us-east-1, not '"
                + "us-east-" + "1".repeat(40) + "'"), SettingsCheck.problems(
                        settings("000000000000", "us-east-" + "1".repeat(40), true, null), true, LaunchMode.NORMAL));
    }

    @Test
    void mongodbReadsNeedABound() {
        assertOnlyProblem("personalize.store.mongodb.max-time", List.of("0s", "-1s", "PT0.0009S"),
                "personalize.store.mongodb.max-time (PERSONALIZE_STORE_MONGODB_MAX_TIME) must be at least 1ms",
                List.of("1ms"));
    }

    @Test
    void theConsoleBatchIntervalIsZeroOrAMillisecondAtLeast() {
        assertOnlyProblem("personalize.log.console-batch-interval", List.of("-1ms", "PT0.000001S", "PT0.0009S"),
                "personalize.log.console-batch-interval (PERSONALIZE_LOG_CONSOLE_BATCH_INTERVAL) must be 0 (every line"
                        + " at once) or at least 1ms",
                List.of("0s", "1ms", "250ms"));
    }

    /** Each of {@code refused} as {@code property} is {@code problem} alone; each of {@code accepted} no problem. */
    private static void assertOnlyProblem(String property, List<String> refused, String problem,
            List<String> accepted) {
        TestSettings settings = production("000000000000", "us-east-1", true, null);
        for (String value : refused) {
            settings.set(property, value);
            assertEquals(List.of(problem), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL), value);
        }
        for (String value : accepted) {
            settings.set(property, value);
            assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL), value);
        }
    }

    @Test
    void theWorkerNeedsATimeoutAndRoomToCount() {
        TestSettings settings = production("000000000000", "us-east-1", true, null)
                .set("personalize.worker.job-timeout", "0s")
                .set("personalize.worker.lease", "500ms")
                .set("personalize.worker.parallelism", 0)
                .set("personalize.worker.read-timeout", "0s")
                .set("personalize.worker.public-source-ports", "443,70000")
                .set("personalize.worker.drain-timeout", "-1s")
                .set("personalize.worker.max-running-per-account", 0)
                .set("personalize.worker.max-attempts", 0)
                .set("personalize.worker.memory-budget", "64K");
        assertEquals(List.of(
                "personalize.worker.job-timeout (PERSONALIZE_WORKER_JOB_TIMEOUT) must be longer than zero",
                "personalize.worker.lease (PERSONALIZE_WORKER_LEASE) must be at least 1s",
                "personalize.worker.parallelism (PERSONALIZE_WORKER_PARALLELISM) must be at least 1",
                "personalize.worker.read-timeout (PERSONALIZE_WORKER_READ_TIMEOUT) must be longer than zero",
                "personalize.worker.public-source-ports (PERSONALIZE_WORKER_PUBLIC_SOURCE_PORTS) must list ports"
                        + " between 1 and 65535",
                "personalize.worker.drain-timeout (PERSONALIZE_WORKER_DRAIN_TIMEOUT) must not be negative",
                "personalize.worker.max-running-per-account (PERSONALIZE_WORKER_MAX_RUNNING_PER_ACCOUNT) must be"
                        + " between 1 and 100",
                "personalize.worker.max-attempts (PERSONALIZE_WORKER_MAX_ATTEMPTS) must be at least 1",
                "personalize.worker.memory-budget (PERSONALIZE_WORKER_MEMORY_BUDGET) must be at least 1M"),
                SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        settings.set("personalize.worker.job-timeout", "15m").set("personalize.worker.memory-budget", "1M")
                .set("personalize.worker.lease", "1s").set("personalize.worker.parallelism", 1)
                .set("personalize.worker.read-timeout", "1s").set("personalize.worker.drain-timeout", "0s")
                .set("personalize.worker.public-source-ports", "443,8443")
                .set("personalize.worker.max-running-per-account", 1).set("personalize.worker.max-attempts", 1);
        assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        settings.set("personalize.worker.max-running-per-account", 100);
        assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        // "No cap" written as a large number: MongoDB's claim would fail on every poll.
        settings.set("personalize.worker.max-running-per-account", 1_000_000);
        assertEquals(List.of("personalize.worker.max-running-per-account (PERSONALIZE_WORKER_MAX_RUNNING_PER_ACCOUNT)"
                + " must be between 1 and 100"), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
    }

    @Test
    void aWebSocketIsPingedAndEachAccountMayHoldOne() {
        TestSettings settings = production("000000000000", "us-east-1", true, null)
                .set("personalize.graphql.subscriptions.max-connections-per-account", 0)
                .set("personalize.graphql.subscriptions.ping-interval", "0s");
        assertEquals(List.of(
                "personalize.graphql.subscriptions.max-connections-per-account"
                        + " (PERSONALIZE_GRAPHQL_SUBSCRIPTIONS_MAX_CONNECTIONS_PER_ACCOUNT) must be at least 1",
                "personalize.graphql.subscriptions.ping-interval (PERSONALIZE_GRAPHQL_SUBSCRIPTIONS_PING_INTERVAL) must"
                        + " be at least 1ms"),
                SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        settings.set("personalize.graphql.subscriptions.max-connections-per-account", 1)
                .set("personalize.graphql.subscriptions.ping-interval", "1s");
        assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
    }

    @Test
    void anAccountsShareOfTheAnswersInFlightHoldsTheLongestAnswerAndNoMoreThanTheWhole() {
        String problem = "personalize.http.max-answer-length-in-flight-per-account"
                + " (PERSONALIZE_HTTP_MAX_ANSWER_LENGTH_IN_FLIGHT_PER_ACCOUNT) must be at least"
                + " personalize.graphql.max-answer-length (%d) and the longest AWS answer (" + AwsAnswerLengths.LONGEST
                + "), and at most personalize.http.max-answer-length-in-flight (72000000)";
        TestSettings settings = production("000000000000", "us-east-1", true, null);
        for (String share : List.of("35999999", "72000001")) {
            settings.set("personalize.http.max-answer-length-in-flight-per-account", share);
            assertEquals(List.of(problem.formatted(36_000_000)),
                    SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL), share);
        }
        for (String share : List.of("36000000", "72000000")) {
            settings.set("personalize.http.max-answer-length-in-flight-per-account", share);
            assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL), share);
        }
        // With GraphQL's answers shorter than an AWS list's, the list's length is the floor: below it, no list ran.
        settings.set("personalize.graphql.max-answer-length", "100000");
        settings.set("personalize.http.max-answer-length-in-flight-per-account", AwsAnswerLengths.LONGEST - 1);
        assertEquals(List.of(problem.formatted(100_000)),
                SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        settings.set("personalize.http.max-answer-length-in-flight-per-account", AwsAnswerLengths.LONGEST);
        assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
    }

    @Test
    void aSettingUnderTheNameItHadIsRefusedNotLeftAtItsDefault() {
        SmallRyeConfig environment = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "PERSONALIZE_GRAPHQL_MAX_ANSWER_LENGTH_IN_FLIGHT_PER_ACCOUNT", "72000000",
                "PERSONALIZE_HTTP_MAX_ANSWER_LENGTH_IN_FLIGHT", "72000000"), 300)).build();
        assertEquals(List.of("personalize.graphql.max-answer-length-in-flight-per-account"
                + " (PERSONALIZE_GRAPHQL_MAX_ANSWER_LENGTH_IN_FLIGHT_PER_ACCOUNT) is now"
                + " personalize.http.max-answer-length-in-flight-per-account"
                + " (PERSONALIZE_HTTP_MAX_ANSWER_LENGTH_IN_FLIGHT_PER_ACCOUNT)"), SettingsCheck.renamed(environment));
        SmallRyeConfig renamed = new SmallRyeConfigBuilder().withSources(new EnvConfigSource(Map.of(
                "PERSONALIZE_HTTP_MAX_ANSWER_LENGTH_IN_FLIGHT_PER_ACCOUNT", "72000000"), 300)).build();
        assertEquals(List.of(), SettingsCheck.renamed(renamed));
    }

    @Test
    void eachAccountsShareOfTheChangesWaitingHoldsWholeJobs() {
        TestSettings settings = production("000000000000", "us-east-1", true, null)
                .set("personalize.graphql.subscriptions.max-buffered-bytes", "8M");
        assertEquals(List.of("personalize.graphql.subscriptions.max-buffered-bytes"
                + " (PERSONALIZE_GRAPHQL_SUBSCRIPTIONS_MAX_BUFFERED_BYTES) must give each account at least 1M (times"
                + " max-per-account, over max-per-replica); it gives 838860 bytes"),
                SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        // Fewer places a replica, a larger share each.
        settings.set("personalize.graphql.subscriptions.max-per-replica", 500);
        assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
    }

    @Test
    void theQuotaOfWaitingJobsIsANumberOfJobsOrZeroForNone() {
        TestSettings settings = production("000000000000", "us-east-1", true, null)
                .set("personalize.jobs.max-waiting-per-account", -1);
        assertEquals(List.of("personalize.jobs.max-waiting-per-account (PERSONALIZE_JOBS_MAX_WAITING_PER_ACCOUNT)"
                + " must be 0 (no quota) or more"), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        for (int quota : new int[] { 0, 1 }) {
            settings.set("personalize.jobs.max-waiting-per-account", quota);
            assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        }
    }

    @Test
    void theHistoryOfFinishedJobsIsANumberOfJobsOrZeroForAll() {
        TestSettings settings = production("000000000000", "us-east-1", true, null)
                .set("personalize.jobs.max-finished-per-account", -1);
        assertEquals(List.of("personalize.jobs.max-finished-per-account (PERSONALIZE_JOBS_MAX_FINISHED_PER_ACCOUNT)"
                + " must be 0 (keep every finished job) or more"),
                SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        for (int kept : new int[] { 0, 1 }) {
            settings.set("personalize.jobs.max-finished-per-account", kept);
            assertEquals(List.of(), SettingsCheck.problems(settings.config(), true, LaunchMode.NORMAL));
        }
    }

    @Test
    void withoutAuthenticationOutsideDevAndTestTheServiceDoesNotStart() {
        PersonalizeConfig open = production("000000000000", "us-east-1", false, "s".repeat(32))
                .set("personalize.auth.mode", "none").config();
        assertEquals(List.of(UNAUTHENTICATED), SettingsCheck.problems(open, true, LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.warnings(open, LaunchMode.TEST));
        assertEquals(List.of(), SettingsCheck.problems(open, true, LaunchMode.TEST));
        assertEquals(List.of(), SettingsCheck.problems(open, true, LaunchMode.DEVELOPMENT));
    }

    @Test
    void anOptInOrTheEmbeddedStoreStartsOpenWithAWarningEveryTime() {
        PersonalizeConfig optedIn = production("000000000000", "us-east-1", false, "s".repeat(32))
                .set("personalize.auth.mode", "none").set("personalize.auth.allow-unauthenticated", true).config();
        assertEquals(List.of(), SettingsCheck.problems(optedIn, true, LaunchMode.NORMAL));
        assertEquals(List.of("Authentication is off (personalize.auth.mode=none,"
                + " personalize.auth.allow-unauthenticated=true): every caller acts in account 000000000000, region"
                + " us-east-1, unauthenticated"), SettingsCheck.warnings(optedIn, LaunchMode.NORMAL));

        PersonalizeConfig local = production("000000000000", "us-east-1", true, null)
                .set("personalize.auth.mode", "none").config();
        assertEquals(List.of(), SettingsCheck.problems(local, true, LaunchMode.NORMAL));
        assertEquals(List.of("Authentication is off (personalize.auth.mode=none, a local run with the embedded"
                + " store): every caller acts in account 000000000000, region us-east-1, unauthenticated"),
                SettingsCheck.warnings(local, LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.warnings(settings("000000000000", "us-east-1", false, null),
                LaunchMode.NORMAL));
    }

    @Test
    void callersOfSeveralAccountsReadingSourcesWithTheServicesCredentialsAreWarnedOfAtEveryStart() {
        TestSettings settings = production("000000000000", "us-east-1", false, "s".repeat(32))
                .set("personalize.auth.api-keys.dash.key", "a-dashboard-key-0123456789")
                .set("personalize.auth.api-keys.dash.account-id", "000000000000")
                .set("personalize.s3.endpoint", "https://s3.example.com");
        assertEquals(List.of(), SettingsCheck.warnings(settings.config(), LaunchMode.NORMAL), "one account");
        settings.set("personalize.auth.api-keys.dash.account-id", "111111111111");
        assertEquals(List.of("Callers of 2 accounts share this service's own credentials for s3:// sources, so a job"
                + " of one account may read another's objects: set personalize.s3.assume-job-role=true"
                + " (PERSONALIZE_S3_ASSUME_JOB_ROLE) to read each job's source under its own roleArn"),
                SettingsCheck.warnings(settings.config(), LaunchMode.NORMAL));
        assertEquals(List.of(), SettingsCheck.warnings(settings.config(), LaunchMode.TEST));
        settings.set("personalize.s3.endpoint", "");
        assertEquals(List.of(), SettingsCheck.warnings(settings.config(), LaunchMode.NORMAL), "no s3:// is read");
        settings.set("personalize.s3.endpoint", "https://s3.example.com").set("personalize.s3.assume-job-role", true);
        assertEquals(List.of(), SettingsCheck.warnings(settings.config(), LaunchMode.NORMAL));
    }

    @Test
    void everyProfileButDevAndTestSignsByDefault() {
        for (String profile : List.of("prod", "staging", "qa")) {
            assertEquals(AuthMode.SIGV4, mapping(profile).auth().mode(), profile);
            assertEquals(false, mapping(profile).auth().allowUnauthenticated(), profile);
        }
        assertEquals(AuthMode.NONE, mapping("dev").auth().mode());
        assertEquals(AuthMode.NONE, mapping("test").auth().mode());
    }

    /**
     * The real mapping and application.properties alone, under {@code profile}: no system properties, which other
     * tests in the same JVM may have left behind.
     */
    private static PersonalizeConfig mapping(String profile) {
        try {
            SmallRyeConfig config = new SmallRyeConfigBuilder()
                    .withSources(new PropertiesConfigSource(
                            SettingsCheckTest.class.getResource("/application.properties"), 250))
                    .addDiscoveredConverters()
                    .withProfile(profile)
                    .withMapping(PersonalizeConfig.class)
                    // application.properties also sets the embedded S3 endpoint's keys, which that mapping declares.
                    .withMapping(EmbeddedS3Settings.class)
                    .build();
            return config.getConfigMapping(PersonalizeConfig.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Production-like settings, SigV4 with one identity: only what a test changes can be at fault. */
    private static PersonalizeConfig settings(String account, String region, boolean embedded, String secret) {
        return production(account, region, embedded, secret).config();
    }

    private static TestSettings production(String account, String region, boolean embedded, String secret) {
        TestSettings settings = new TestSettings()
                .set("personalize.account-id", account)
                .set("personalize.region", region)
                .set("personalize.store.embedded", embedded)
                .set("personalize.auth.mode", "sigv4")
                .set("personalize.auth.identities.ops.access-key-id", "AKIDOPS0000000000001")
                .set("personalize.auth.identities.ops.secret-access-key", "ops-secret-access-key-0123456789abcdef")
                .set("personalize.auth.identities.ops.account-id", "000000000000");
        return secret == null ? settings : settings.set("personalize.pagination.token-secret", secret);
    }
}
