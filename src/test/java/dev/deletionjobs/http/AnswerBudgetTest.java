package dev.deletionjobs.http;

import static dev.deletionjobs.http.AnswerBudget.Reservation.ACCOUNT_FULL;
import static dev.deletionjobs.http.AnswerBudget.Reservation.REPLICA_FULL;
import static dev.deletionjobs.http.AnswerBudget.Reservation.TAKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.TestSettings;

/**
 * The replica's budget of answers in flight: what a hold takes, when it is refused (by the replica's bound or its
 * account's share), and that it gives back once.
 */
class AnswerBudgetTest {

    private static final String ACCOUNT = "111122223333";

    private final AnswerBudget budget = new AnswerBudget(new TestSettings()
            .set("personalize.http.max-answer-length-in-flight", 100)
            .set("personalize.http.max-answer-length-in-flight-per-account", 100).config());

    @Test
    void holdsTakeWhatFitsAndGiveItBackOnce() {
        AnswerBudget.Hold first = budget.open();
        AnswerBudget.Hold second = budget.open();
        assertEquals(TAKEN, first.reserve(ACCOUNT, 60));
        assertEquals(REPLICA_FULL, second.reserve(ACCOUNT, 41), "60 + 41 characters do not fit in 100");
        assertEquals(60, budget.inFlight(), "a refused hold takes nothing");
        assertEquals(TAKEN, second.reserve(ACCOUNT, 40));
        assertEquals(100, budget.inFlight());

        first.release();
        first.release();
        assertEquals(40, budget.inFlight(), "a hold gives back what it took, once");
        second.release();
        assertEquals(0, budget.inFlight());
    }

    @Test
    void aBuiltAnswerHoldsItsLengthNotItsLongest() {
        AnswerBudget.Hold built = budget.open();
        assertEquals(TAKEN, built.reserve(ACCOUNT, 90));
        built.settle(30);
        assertEquals(30, budget.inFlight(), "what the estimate held beyond the answer is given back");
        assertEquals(TAKEN, budget.open().reserve(ACCOUNT, 70), "and fits another answer");
        built.settle(50);
        assertEquals(100, budget.inFlight(), "a hold never grows past what it reserved");
        built.release();
        assertEquals(70, budget.inFlight(), "the release gives back the answer's length");
        built.settle(10);
        assertEquals(70, budget.inFlight(), "a released hold gives back nothing more");
    }

    @Test
    void aReleasedHoldTakesNothingMore() {
        AnswerBudget.Hold gone = budget.open();
        gone.release();
        assertEquals(REPLICA_FULL, gone.reserve(ACCOUNT, 1), "the request is over: its operation runs for nobody");
        assertEquals(0, budget.inFlight());
    }

    @Test
    void anAnswerLongerThanTheWholeBudgetNeverFits() {
        assertEquals(REPLICA_FULL, budget.open().reserve(ACCOUNT, 101));
        assertEquals(0, budget.inFlight());
    }

    @Test
    void anAccountHoldsNoMoreThanItsShareAndTheOthersKeepTheRest() {
        AnswerBudget shared = new AnswerBudget(new TestSettings()
                .set("personalize.http.max-answer-length-in-flight", 100)
                .set("personalize.http.max-answer-length-in-flight-per-account", 60).config());
        AnswerBudget.Hold unread = shared.open();
        assertEquals(TAKEN, unread.reserve("111111111111", 50));
        assertEquals(ACCOUNT_FULL, shared.open().reserve("111111111111", 11), "50 + 11 do not fit its 60");
        assertEquals(50, shared.inFlight(), "a refused hold takes nothing");
        AnswerBudget.Hold other = shared.open();
        assertEquals(TAKEN, other.reserve("222222222222", 50), "another account still has its room");
        assertEquals(REPLICA_FULL, shared.open().reserve("333333333333", 1), "and the replica's bound holds for all");

        unread.settle(20);
        assertEquals(TAKEN, shared.open().reserve("111111111111", 30), "a built answer holds its length of the share");
        unread.release();
        other.release();
        assertEquals(30, shared.inFlight());
    }

    @Test
    void theHoldOfAStartingExecutionIsSeenOnItsThreadOnly() throws InterruptedException {
        AnswerBudget.Hold hold = budget.open();
        AnswerBudget.Hold[] elsewhere = new AnswerBudget.Hold[1];
        AnswerBudget.starting(hold, () -> {
            assertSame(hold, AnswerBudget.current());
            Thread other = new Thread(() -> elsewhere[0] = AnswerBudget.current());
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertNull(elsewhere[0]);
        assertNull(AnswerBudget.current());
    }
}
