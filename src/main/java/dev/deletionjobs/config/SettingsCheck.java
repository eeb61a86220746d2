package dev.deletionjobs.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

import dev.deletionjobs.awsjson.AwsAnswerLengths;
import dev.deletionjobs.job.AccountScope;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Refuses to start on settings that would lose jobs, produce wrong ARNs, or sign tokens other replicas reject, with
 * one line that names each setting at fault, rather than serving requests that fail later.
 */
@Singleton
public class SettingsCheck {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    static final int MIN_SECRET_LENGTH = 32;
    static final long MIN_MEMORY_BUDGET = 1L << 20;
    static final int MAX_RUNNING_PER_ACCOUNT = 100;
    static final long MIN_SUBSCRIPTION_SHARE = 1L << 20;

    private final PersonalizeConfig config;
    private final Config rawConfig;

    SettingsCheck(PersonalizeConfig config, Config rawConfig) {
        this.config = config;
        this.rawConfig = rawConfig;
    }

    /**
     * Settings that were renamed, by their old names: one still set under its old name (an environment variable
     * is not refused as an unknown property is) would be left at its default without a word.
     */
    private static final Map<String, String> RENAMED = new TreeMap<>(Map.of(
            "personalize.graphql.max-answer-length-in-flight", "personalize.http.max-answer-length-in-flight",
            "personalize.graphql.max-answer-length-in-flight-per-account",
            "personalize.http.max-answer-length-in-flight-per-account"));

    void onStart(@Observes @Priority(1) StartupEvent event) {
        List<String> problems = new ArrayList<>(renamed(rawConfig));
        problems.addAll(problems(config, storeConfigured(config.store().kind()), LaunchMode.current()));
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Cannot start: " + String.join("; ", problems));
        }
        warnings(config, LaunchMode.current()).forEach(Log::warn);
    }

    /** Only dev mode and tests may relax the rules; any other launch, whatever its profile, is held to prod's. */
    private static boolean relaxed(LaunchMode mode) {
        return mode == LaunchMode.DEVELOPMENT || mode == LaunchMode.TEST;
    }

    /**
     * What a launch that may start must still hear of at every start: authentication that is off, or callers of
     * several accounts whose jobs all read {@code s3://} sources with the service's own credentials.
     */
    static List<String> warnings(PersonalizeConfig config, LaunchMode mode) {
        if (relaxed(mode)) {
            return List.of();
        }
        if (config.auth().mode() == PersonalizeConfig.AuthMode.NONE) {
            String because = config.auth().allowUnauthenticated() ? "personalize.auth.allow-unauthenticated=true"
                    : "a local run with the embedded store";
            return List.of("Authentication is off (personalize.auth.mode=none, " + because + "): every caller acts in"
                    + " account " + config.accountId() + ", region " + config.region() + ", unauthenticated");
        }
        Set<String> accounts = new TreeSet<>();
        config.auth().identities().values().forEach(identity -> accounts.add(identity.accountId()));
        config.auth().apiKeys().values().forEach(key -> accounts.add(key.accountId()));
        // Without an endpoint no s3:// source is read at all.
        if (accounts.size() > 1 && config.s3().endpoint().isPresent() && !config.s3().assumeJobRole()) {
            // A confused deputy: one tenant's job could name another's bucket, and its outcome tell what is there.
            return List.of("Callers of " + accounts.size() + " accounts share this service's own credentials for"
                    + " s3:// sources, so a job of one account may read another's objects: set"
                    + " personalize.s3.assume-job-role=true (PERSONALIZE_S3_ASSUME_JOB_ROLE) to read each job's"
                    + " source under its own roleArn");
        }
        return List.of();
    }

    /** A problem for each setting {@code raw} holds under a name it no longer has. */
    static List<String> renamed(Config raw) {
        List<String> problems = new ArrayList<>();
        RENAMED.forEach((old, now) -> {
            if (raw.getConfigValue(old).getValue() != null) {
                problems.add(old + " (" + environmentVariable(old) + ") is now " + now + " ("
                        + environmentVariable(now) + ")");
            }
        });
        return problems;
    }

    /** Whether the chosen store's address is set, by hand or by the embedded store. */
    private boolean storeConfigured(PersonalizeConfig.StoreKind kind) {
        // Not quarkus.mongodb.hosts: it defaults to 127.0.0.1:27017, which is exactly the silent fallback to refuse.
        return rawConfig.getOptionalValue(addressProperty(kind), String.class).isPresent();
    }

    private static String addressProperty(PersonalizeConfig.StoreKind kind) {
        return switch (kind) {
            case MONGODB -> "quarkus.mongodb.connection-string";
            case POSTGRESQL -> "quarkus.datasource.jdbc.url";
        };
    }

    private static String environmentVariable(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static List<String> problems(PersonalizeConfig config, boolean storeConfigured, LaunchMode mode) {
        List<String> problems = new ArrayList<>();
        PersonalizeConfig.StoreKind kind = config.store().kind();
        String address = addressProperty(kind) + " (" + environmentVariable(addressProperty(kind)) + ")";
        String storeName = kind == PersonalizeConfig.StoreKind.MONGODB ? "MongoDB" : "PostgreSQL";
        if (!config.store().embedded() && !storeConfigured) {
            // A pod must never quietly keep jobs in its container, nor wait for a database on localhost.
            problems.add("no " + storeName + " configured: set " + address
                    + ", or personalize.store.embedded=true for a local run");
        } else if (config.store().embedded() && !storeConfigured) {
            // The embedded store supplies the address when it starts; a native build has none.
            problems.add("personalize.store.embedded=true, but this build has no embedded store (native"
                    + " executables leave it out): set " + address);
        }
        if (!ACCOUNT_ID.matcher(config.accountId()).matches()) {
            problems.add("personalize.account-id (PERSONALIZE_ACCOUNT_ID) must be 12 digits, not '"
                    + config.accountId() + "'");
        }
        if (!AccountScope.isRegionName(config.region())) {
            problems.add("personalize.region (PERSONALIZE_REGION) must be a region name such as us-east-1, not '"
                    + config.region() + "'");
        }
        if (config.auth().mode() == PersonalizeConfig.AuthMode.NONE && !relaxed(mode) && !config.store().embedded()
                && !config.auth().allowUnauthenticated()) {
            // Fails closed: a profile that forgot the auth settings must not serve everyone.
            problems.add("personalize.auth.mode=none would serve every caller unauthenticated: configure"
                    + " personalize.auth.mode=sigv4 with identities, or set personalize.auth.allow-unauthenticated=true"
                    + " (PERSONALIZE_AUTH_ALLOW_UNAUTHENTICATED) to mean it");
        }
        if (config.auth().mode() == PersonalizeConfig.AuthMode.SIGV4) {
            if (config.auth().identities().isEmpty() && config.auth().apiKeys().isEmpty()
                    && !config.store().embedded()) {
                problems.add("personalize.auth.mode=sigv4 needs at least one identity"
                        + " (personalize.auth.identities.<name>.access-key-id, secret-access-key, account-id)");
            }
            config.auth().identities().forEach((name, identity) -> {
                if (!ACCOUNT_ID.matcher(identity.accountId()).matches()) {
                    problems.add("personalize.auth.identities." + name + ".account-id must be 12 digits");
                }
            });
            config.auth().apiKeys().forEach((name, key) -> {
                if (!ACCOUNT_ID.matcher(key.accountId()).matches()) {
                    problems.add("personalize.auth.api-keys." + name + ".account-id must be 12 digits");
                }
                if (key.region().isPresent() && !AccountScope.isRegionName(key.region().get())) {
                    problems.add("personalize.auth.api-keys." + name + ".region must be a region name such as"
                            + " us-east-1");
                }
            });
        }
        if (config.jobs().maxWaitingPerAccount() < 0) {
            problems.add("personalize.jobs.max-waiting-per-account (PERSONALIZE_JOBS_MAX_WAITING_PER_ACCOUNT) must be"
                    + " 0 (no quota) or more");
        }
        if (config.jobs().maxFinishedPerAccount() < 0) {
            problems.add("personalize.jobs.max-finished-per-account (PERSONALIZE_JOBS_MAX_FINISHED_PER_ACCOUNT) must"
                    + " be 0 (keep every finished job) or more");
        }
        // MongoDB takes a maxTimeMS of 0 as no bound at all: a read given up on would go on in the server.
        if (config.store().mongodb().maxTime().toMillis() < 1) {
            problems.add("personalize.store.mongodb.max-time (PERSONALIZE_STORE_MONGODB_MAX_TIME) must be at least"
                    + " 1ms");
        }
        // Below a millisecond the batches' thread would spin, taking the console's lock from the request threads.
        Duration batchInterval = config.log().consoleBatchInterval();
        if (!batchInterval.isZero() && batchInterval.compareTo(Duration.ofMillis(1)) < 0) {
            problems.add("personalize.log.console-batch-interval (PERSONALIZE_LOG_CONSOLE_BATCH_INTERVAL) must be 0"
                    + " (every line at once) or at least 1ms");
        }
        PersonalizeConfig.Worker worker = config.worker();
        if (worker.jobTimeout().isNegative() || worker.jobTimeout().isZero()) {
            problems.add("personalize.worker.job-timeout (PERSONALIZE_WORKER_JOB_TIMEOUT) must be longer than zero");
        }
        // A lease shorter than a second lapses between renewals: every running job would be claimed again by another
        // replica, run twice and spend its attempts.
        if (worker.lease().compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add("personalize.worker.lease (PERSONALIZE_WORKER_LEASE) must be at least 1s");
        }
        // Zero would leave the worker no thread: it would fail on its first job while the replica looked healthy.
        if (worker.parallelism() < 1) {
            problems.add("personalize.worker.parallelism (PERSONALIZE_WORKER_PARALLELISM) must be at least 1");
        }
        if (worker.readTimeout().isNegative() || worker.readTimeout().isZero()) {
            problems.add("personalize.worker.read-timeout (PERSONALIZE_WORKER_READ_TIMEOUT) must be longer than zero");
        }
        if (worker.publicSourcePorts().stream().anyMatch(port -> port < 1 || port > 65535)) {
            problems.add("personalize.worker.public-source-ports (PERSONALIZE_WORKER_PUBLIC_SOURCE_PORTS) must list"
                    + " ports between 1 and 65535");
        }
        if (worker.drainTimeout().isNegative()) {
            problems.add("personalize.worker.drain-timeout (PERSONALIZE_WORKER_DRAIN_TIMEOUT) must not be negative");
        }
        // Below it, a job spills every few thousand ids and merges them in many passes.
        // Zero would stop every claim of the fleet: no job would ever run, and nothing would say why. Above the
        // maximum, MongoDB's claims (a slot document each, all written on every claim) would grow past a command's
        // size, and no job would leave PENDING there while PostgreSQL ran them.
        if (worker.maxRunningPerAccount() < 1 || worker.maxRunningPerAccount() > MAX_RUNNING_PER_ACCOUNT) {
            problems.add("personalize.worker.max-running-per-account (PERSONALIZE_WORKER_MAX_RUNNING_PER_ACCOUNT)"
                    + " must be between 1 and " + MAX_RUNNING_PER_ACCOUNT);
        }
        if (worker.maxAttempts() < 1) {
            problems.add("personalize.worker.max-attempts (PERSONALIZE_WORKER_MAX_ATTEMPTS) must be at least 1");
        }
        if (worker.memoryBudget().asLongValue() < MIN_MEMORY_BUDGET) {
            problems.add("personalize.worker.memory-budget (PERSONALIZE_WORKER_MEMORY_BUDGET) must be at least 1M");
        }
        PersonalizeConfig.Subscriptions subscriptions = config.graphql().subscriptions();
        if (subscriptions.maxConnectionsPerAccount() < 1) {
            problems.add("personalize.graphql.subscriptions.max-connections-per-account"
                    + " (PERSONALIZE_GRAPHQL_SUBSCRIPTIONS_MAX_CONNECTIONS_PER_ACCOUNT) must be at least 1");
        }
        if (subscriptions.pingInterval().toMillis() < 1) {
            problems.add("personalize.graphql.subscriptions.ping-interval"
                    + " (PERSONALIZE_GRAPHQL_SUBSCRIPTIONS_PING_INTERVAL) must be at least 1ms");
        }
        PersonalizeConfig.Http http = config.http();
        long maxAnswerLength = config.graphql().maxAnswerLength();
        long longestAnswer = Math.max(maxAnswerLength, AwsAnswerLengths.LONGEST);
        if (http.maxAnswerLengthInFlightPerAccount() < longestAnswer
                || http.maxAnswerLengthInFlightPerAccount() > http.maxAnswerLengthInFlight()) {
            // Below the longest answer, answers the limits allow would never run; above the whole, it bounds nothing.
            problems.add("personalize.http.max-answer-length-in-flight-per-account"
                    + " (PERSONALIZE_HTTP_MAX_ANSWER_LENGTH_IN_FLIGHT_PER_ACCOUNT) must be at least"
                    + " personalize.graphql.max-answer-length (" + maxAnswerLength + ") and the longest AWS answer ("
                    + AwsAnswerLengths.LONGEST + "), and at most personalize.http.max-answer-length-in-flight ("
                    + http.maxAnswerLengthInFlight() + ")");
        }
        // An account's share must hold a whole job waiting (some 330 KB with every tag at its longest), with room.
        long accountShare = subscriptions.accountShareOfBufferedBytes();
        if (accountShare < MIN_SUBSCRIPTION_SHARE) {
            problems.add("personalize.graphql.subscriptions.max-buffered-bytes"
                    + " (PERSONALIZE_GRAPHQL_SUBSCRIPTIONS_MAX_BUFFERED_BYTES) must give each account at least 1M"
                    + " (times max-per-account, over max-per-replica); it gives " + accountShare + " bytes");
        }
        // Replicas must share the key to continue each other's listings; one embedded-store process has no peers.
        boolean secretRequired = !relaxed(mode) && !config.store().embedded();
        config.pagination().tokenSecret().ifPresentOrElse(secret -> {
            if (secret.length() < MIN_SECRET_LENGTH) {
                problems.add("personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) must be at"
                        + " least " + MIN_SECRET_LENGTH + " characters long");
            }
        }, () -> {
            if (secretRequired) {
                problems.add("personalize.pagination.token-secret (PERSONALIZE_PAGINATION_TOKEN_SECRET) is required:"
                        + " every replica signs pagination tokens with it");
            }
        });
        return problems;
    }
}
