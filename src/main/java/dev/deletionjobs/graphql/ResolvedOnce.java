package dev.deletionjobs.graphql;

import java.util.function.Supplier;

/**
 * A field of one object resolved once however many aliases select it: the first call resolves it (measured, logged,
 * and asking the store if it must), the others get its answer, or its error, as it was. Without it every alias of
 * {@code totalCount} was a call of its own, and a store that failed was asked again and warned of for each.
 */
final class ResolvedOnce<T> {

    private boolean resolved;
    private T answer;
    private RuntimeException failure;

    /** The answer of the first {@code resolver} called on this object; the aliases resolved at once wait for it. */
    synchronized T get(Supplier<T> resolver) {
        if (!resolved) {
            try {
                answer = resolver.get();
            } catch (RuntimeException e) {
                failure = e;
            }
            resolved = true;
        }
        if (failure != null) {
            throw failure;
        }
        return answer;
    }

    /** The answer, when it has been resolved without failure; else null, without resolving anything. */
    synchronized T answerIfResolved() {
        return resolved && failure == null ? answer : null;
    }
}
