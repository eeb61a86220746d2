package dev.deletionjobs.error;

import java.util.ArrayList;
import java.util.List;

/**
 * A failure's chain of causes, walked with a bound: real chains are a few links long, and two exceptions can be made
 * each other's cause ({@link Throwable#initCause} refuses only itself), which an unbounded walk follows forever.
 */
public final class Causes {

    /** Links followed at most. */
    public static final int MAX_DEPTH = 16;

    private Causes() {
    }

    /** {@code failure} and its causes, outermost first: at most {@link #MAX_DEPTH}, each once. */
    public static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && chain.size() < MAX_DEPTH
                && !chain.contains(cause); cause = cause.getCause()) {
            chain.add(cause);
        }
        return chain;
    }

    /** The innermost cause of {@code failure} within the bound: {@code failure} itself when it has none. */
    public static Throwable root(Throwable failure) {
        List<Throwable> chain = of(failure);
        return chain.get(chain.size() - 1);
    }
}
