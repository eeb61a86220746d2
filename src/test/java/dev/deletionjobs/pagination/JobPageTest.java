package dev.deletionjobs.pagination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A page answers what it learned from its fetch on the spot, and asks the store the rest once, when asked. */
class JobPageTest {

    @Test
    void knownAnswersCostNoQuestion() {
        JobPage page = new JobPage(List.of(), JobPage.known(true), JobPage.known(false), position -> "cursor");

        assertTrue(page.knowsNext());
        assertTrue(page.knowsPrevious());
        assertTrue(page.hasNext());
        assertFalse(page.hasPrevious());
    }

    @Test
    void theStoreIsAskedOnceAndOnlyWhenAnAnswerIsRead() {
        AtomicInteger questions = new AtomicInteger();
        JobPage page = new JobPage(List.of(), JobPage.known(false), () -> questions.incrementAndGet() > 0,
                position -> "cursor");

        assertFalse(page.knowsPrevious());
        assertEquals(0, questions.get());
        assertTrue(page.hasPrevious());
        assertTrue(page.hasPrevious());
        assertEquals(1, questions.get());
        assertTrue(page.knowsPrevious());
    }
}
