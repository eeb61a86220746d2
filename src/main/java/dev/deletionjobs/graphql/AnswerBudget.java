package dev.deletionjobs.graphql;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;

/**
 * How many bytes of answers the replica is working on at once ({@code personalize.graphql.
 * max-answer-length-in-flight}), each counted at its longest, as {@link QueryCost} measures it before it runs, until
 * the answer is built, then at its length until it has been sent. An answer's text is in the heap twice while it is
 * written, as the strings read from the store and as its bytes: a 256 MB heap ran out on two answers of 70 MB, and the
 * replica exited. The default holds two of the longest answers {@code max-answer-length} allows. An operation that
 * does not fit beside those already running is refused at once, before its first field, and the caller retries.
 * <p>
 * Each request (or WebSocket operation) {@linkplain #open opens} a {@link Hold}, {@linkplain Hold#settle settles} it
 * at its answer's length once that is built, and releases it once the answer has been sent or can no longer be;
 * {@link QueryLimits} reserves the operation's length on the hold of the request whose execution starts on its thread
 * ({@link #starting}).
 */
@Singleton
public class AnswerBudget {

    /** The hold of the request whose execution the engine is starting on this thread, while it does. */
    private static final ThreadLocal<Hold> STARTING = new ThreadLocal<>();

    private final long capacity;
    private final AtomicLong inFlight = new AtomicLong();

    AnswerBudget(PersonalizeConfig config) {
        this.capacity = config.graphql().maxAnswerLengthInFlight();
    }

    /** A hold of nothing yet, for one request: release it (any number of times) once its answer is sent. */
    Hold open() {
        return new Hold();
    }

    /** Runs {@code start} (which starts an execution) with {@code hold} as the hold its operation reserves on. */
    static void starting(Hold hold, Runnable start) {
        Hold outer = STARTING.get();
        STARTING.set(hold);
        try {
            start.run();
        } finally {
            STARTING.set(outer);
        }
    }

    /** The hold of the execution starting on this thread; null outside {@link #starting}. */
    static Hold current() {
        return STARTING.get();
    }

    /** How many bytes are held now, for tests. */
    long inFlight() {
        return inFlight.get();
    }

    long capacity() {
        return capacity;
    }

    /** What one request holds of the budget: nothing, or the length of its one operation until it is released. */
    final class Hold {

        private long held;
        private boolean released;

        /** Takes {@code length} bytes for this request's operation; false, taking nothing, when they do not fit. */
        synchronized boolean reserve(long length) {
            if (released || held > 0) {
                // A request runs one operation; a released hold takes nothing more.
                return !released;
            }
            long now;
            do {
                now = inFlight.get();
                if (length > capacity - now) {
                    return false;
                }
            } while (!inFlight.compareAndSet(now, now + length));
            held = length;
            return true;
        }

        /**
         * The answer is built, {@code length} bytes: holds that from now on, giving back what the longest it could
         * have been held beyond it. A client that reads slowly or not at all then keeps only what its answer holds of
         * the heap, not the estimate that let it run (a page of jobs with 200 tags of 100 characters: 32 million bytes
         * at their longest, 4.6 MB as answered). Never more than it reserved: that was refused or allowed.
         */
        synchronized void settle(long length) {
            if (!released && length < held) {
                inFlight.addAndGet(length - held);
                held = length;
            }
        }

        /** Gives back what this request holds; idempotent. */
        synchronized void release() {
            if (!released) {
                released = true;
                inFlight.addAndGet(-held);
                held = 0;
            }
        }
    }
}
