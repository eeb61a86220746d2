package dev.deletionjobs.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import dev.deletionjobs.http.AnswerBudget;

/** Waits on the replica's budget of answers, which answers written on other threads fill and empty. */
public final class AnswersHeld {

    private AnswersHeld() {
    }

    /** Waits until the replica's answers hold {@code from} to {@code to} bytes of {@code budget}. */
    public static void awaitHeld(AnswerBudget budget, long from, long to) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (budget.inFlight() < from || budget.inFlight() > to) {
            assertTrue(System.nanoTime() < deadline, "the answers hold " + budget.inFlight() + ", not " + from
                    + " to " + to);
            Thread.sleep(50);
        }
    }
}
