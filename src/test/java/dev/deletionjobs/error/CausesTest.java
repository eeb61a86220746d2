package dev.deletionjobs.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.http.ClosedConnections;
import dev.deletionjobs.job.StoreFailures;

/** A chain of causes is walked to its end, once, however it is made: two exceptions each other's cause end it too. */
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
        // The walks that look for a kind of failure answer, instead of looping.
        assertEquals(false, StoreFailures.isUnavailable(first));
        assertEquals(false, ClosedConnections.isClosedByClient(first));
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
