package dev.deletionjobs.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;

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
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    static final int MIN_SECRET_LENGTH = 32;

    private final PersonalizeConfig config;
    private final Config rawConfig;

    SettingsCheck(PersonalizeConfig config, Config rawConfig) {
        this.config = config;
        this.rawConfig = rawConfig;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) {
        // Not quarkus.mongodb.hosts: it defaults to 127.0.0.1:27017, which is exactly the silent fallback to refuse.
        boolean mongoConfigured = rawConfig.getOptionalValue("quarkus.mongodb.connection-string", String.class)
                .isPresent();
        List<String> problems = problems(config, mongoConfigured, LaunchMode.current());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Cannot start: " + String.join("; ", problems));
        }
    }

    static List<String> problems(PersonalizeConfig config, boolean mongoConfigured, LaunchMode mode) {
        List<String> problems = new ArrayList<>();
        if (!config.store().embedded() && !mongoConfigured) {
            // A pod must never quietly keep jobs in its container, nor wait for a MongoDB on localhost.
            problems.add("no MongoDB configured: set quarkus.mongodb.connection-string"
                    + " (QUARKUS_MONGODB_CONNECTION_STRING), or personalize.store.embedded=true for a local run");
        } else if (config.store().embedded() && !mongoConfigured) {
            // The embedded store supplies the connection string when it starts; a native build has none.
            problems.add("personalize.store.embedded=true, but this build has no embedded store (native"
                    + " executables leave it out): set quarkus.mongodb.connection-string"
                    + " (QUARKUS_MONGODB_CONNECTION_STRING)");
        }
        if (!ACCOUNT_ID.matcher(config.accountId()).matches()) {
            problems.add("personalize.account-id (PERSONALIZE_ACCOUNT_ID) must be 12 digits, not '"
                    + config.accountId() + "'");
        }
        if (!REGION.matcher(config.region()).matches()) {
            problems.add("personalize.region (PERSONALIZE_REGION) must be a region name such as us-east-1, not '"
                    + config.region() + "'");
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
            });
        }
        // Replicas must share the key to continue each other's listings; one embedded-store process has no peers.
        boolean secretRequired = mode == LaunchMode.NORMAL && !config.store().embedded();
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
