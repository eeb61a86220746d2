package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.TestSettings;

/** The replica's budget of answers in flight: what a hold takes, when it is refused, and that it gives back once. */
class AnswerBudgetTest {

    private final AnswerBudget budget = new AnswerBudget(new TestSettings()
            .set("personalize.graphql.max-answer-length-in-flight", 100).config());

    @Test
    void holdsTakeWhatFitsAndGiveItBackOnce() {
        AnswerBudget.Hold first = budget.open();
        AnswerBudget.Hold second = budget.open();
        assertTrue(first.reserve(60));
        assertFalse(second.reserve(41), "60 + 41 characters do not fit in 100");
        assertEquals(60, budget.inFlight(), "a refused hold takes nothing");
        assertTrue(second.reserve(40));
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
        assertTrue(built.reserve(90));
        built.settle(30);
        assertEquals(30, budget.inFlight(), "what the estimate held beyond the answer is given back");
        assertTrue(budget.open().reserve(70), "and fits another answer");
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
        assertFalse(gone.reserve(1), "the request is over: its operation runs for nobody");
        assertEquals(0, budget.inFlight());
    }

    @Test
    void anAnswerLongerThanTheWholeBudgetNeverFits() {
        assertFalse(budget.open().reserve(101));
        assertEquals(0, budget.inFlight());
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
