package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.LimitExceededException;

/** Each account's calls to the store in progress, counted apart, refused past the most at once, freed however done. */
class AccountStoreCallsTest {

    private final AccountStoreCalls calls = new AccountStoreCalls(2);

    @Test
    void anAccountPastItsCallsIsRefusedWhileAnotherAccountsCallsRun() {
        String answer = calls.run("111111111111", () -> calls.run("111111111111", () -> {
            LimitExceededException refused = assertThrows(LimitExceededException.class,
                    () -> calls.run("111111111111", () -> "a third"));
            assertEquals("The account has 2 calls to the store in progress on this replica, the most it may have at"
                    + " once (personalize.store.max-calls-per-account); retry shortly, with backoff.",
                    refused.getMessage());
            assertEquals(2, calls.inProgress("111111111111"));
            return calls.run("222222222222", () -> "another account's");
        }));
        assertEquals("another account's", answer);
        assertEquals(0, calls.inProgress("111111111111"));
        assertEquals("free again", calls.run("111111111111", () -> "free again"));
    }

    @Test
    void aCallThatFailedIsNoLongerInProgress() {
        for (int i = 0; i < 3; i++) {
            assertThrows(IllegalStateException.class, () -> calls.run("111111111111", () -> {
                throw new IllegalStateException("the store failed");
            }));
        }
        assertEquals(0, calls.inProgress("111111111111"));
    }
}
