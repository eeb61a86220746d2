package dev.deletionjobs.config;

import jakarta.inject.Singleton;

import dev.deletionjobs.job.AccountScope;

/** The scope every caller acts in while callers are not authenticated: the configured account and region. */
@Singleton
public class ConfiguredAccount {

    private final AccountScope scope;

    ConfiguredAccount(PersonalizeConfig config) {
        this.scope = new AccountScope(config.accountId(), config.region());
    }

    public AccountScope scope() {
        return scope;
    }
}
