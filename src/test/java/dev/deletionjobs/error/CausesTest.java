package dev.deletionjobs.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.StoreFailures;

/** A chain of causes is walked to its end, once, however it is made: two exceptions each other's cause end it too. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CausesTest {

    @Test
    void aChainIsWalkedOutermostFirstToItsRoot() {
        IOException root = new IOException("Connection refused");
        IllegalStateException middle = new IllegalStateException(root);
        RuntimeException outer = new RuntimeException(middle);
        assertEquals(List.of(outer, middle, root), Causes.of(outer));
        assertSame(root, Causes.root(outer));
        assertSame(root, Causes.root(root));
    }

    @Test
    void twoExceptionsThatAreEachOthersCauseEndTheWalk() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertEquals(List.of(first, second), Causes.of(first));
        assertSame(second, Causes.root(first));
        // The walk that looks for a store's outage in every failed call answers, instead of looping.
        assertEquals(false, StoreFailures.isUnavailable(first));
    }

    @Test
    void aChainLongerThanTheBoundIsCutThere() {
        Throwable failure = new IOException("innermost");
        for (int i = 0; i < 100; i++) {
            failure = new RuntimeException(failure);
        }
        assertEquals(Causes.MAX_DEPTH, Causes.of(failure).size());
    }
}
