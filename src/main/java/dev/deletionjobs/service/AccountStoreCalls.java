package dev.deletionjobs.service;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.LimitExceededException;

/**
 * The calls to the store each account's requests have in progress on this replica, at most
 * {@code personalize.store.max-calls-per-account} at once. Past it a call is refused at once, not queued: a queue
 * would hold a worker thread per waiting call, and one account's clients, opening connections by the thousand, would
 * take those instead of the store's. The AWS CLI and SDKs retry {@code LimitExceededException} with backoff.
 */
@Singleton
public class AccountStoreCalls {

    private final int maxPerAccount;
    private final ConcurrentHashMap<String, Integer> inProgress = new ConcurrentHashMap<>();

    @Inject
    AccountStoreCalls(PersonalizeConfig config) {
        this(config.store().maxCallsPerAccount());
    }

    AccountStoreCalls(int maxPerAccount) {
        this.maxPerAccount = maxPerAccount;
    }

    /**
     * {@code call}'s result, run as one of {@code accountId}'s calls in progress.
     *
     * @throws LimitExceededException when the account has its most in progress already
     */
    public <T> T run(String accountId, Supplier<T> call) {
        enter(accountId);
        try {
            return call.get();
        } finally {
            inProgress.computeIfPresent(accountId, (account, calls) -> calls == 1 ? null : calls - 1);
        }
    }

    /** How many of {@code accountId}'s calls are in progress (0 when none). */
    int inProgress(String accountId) {
        return inProgress.getOrDefault(accountId, 0);
    }

    private void enter(String accountId) {
        boolean[] entered = new boolean[1];
        inProgress.compute(accountId, (account, calls) -> {
            int running = calls == null ? 0 : calls;
            if (running >= maxPerAccount) {
                return calls;
            }
            entered[0] = true;
            return running + 1;
        });
        if (!entered[0]) {
            throw new LimitExceededException("The account has " + maxPerAccount + (maxPerAccount == 1 ? " call"
                    : " calls")
                    + " to the store in progress on this replica, the most it may have at once (personalize.store.max-calls-per-account); retry"
                    + " shortly, with backoff.");
        }
    }
}
