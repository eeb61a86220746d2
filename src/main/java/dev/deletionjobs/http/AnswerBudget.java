package dev.deletionjobs.http;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;

/**
 * How many bytes of answers the replica is working on at once, of both interfaces ({@code personalize.http.
 * max-answer-length-in-flight}), each counted at its longest before it runs (a GraphQL operation's as its cost
 * measures it, an AWS operation's from its members' bounds), until the answer is built, then at its length until it
 * has been sent. An answer's text is in the heap twice while it is written, as the strings read from the store and as
 * its bytes: a 256 MB heap ran out on two GraphQL answers of 70 MB, and the replica exited; and an answer its client
 * does not read stays in the heap until its connection closes: pages of AWS lists left unread on a few thousand
 * connections would take the heap as surely. The default holds two of the longest answers GraphQL's
 * {@code max-answer-length} allows. An operation that does not fit beside those already running is refused at once,
 * before its store is asked, and the caller retries.
 * <p>
 * Each request (or WebSocket operation) {@linkplain #open opens} a {@link Hold}, {@linkplain Hold#settle settles} it
 * at its answer's length once that is built, and releases it once the answer has been sent or can no longer be. The
 * GraphQL engine reserves the operation's length on the hold of the request whose execution starts on its thread
 * ({@link #starting}); the AWS interface reserves on its own.
 * <p>
 * One account's answers hold at most {@code max-answer-length-in-flight-per-account} of it: an account whose clients
 * ask for long answers and never read them keeps its share until their connections are gone, and other accounts keep
 * the rest.
 */
@Singleton
public class AnswerBudget {

    /** The hold of the request whose execution the engine is starting on this thread, while it does. */
    private static final ThreadLocal<Hold> STARTING = new ThreadLocal<>();

    /** Whether a reservation was taken, and if not, which bound it did not fit. */
    public enum Reservation {
        TAKEN,
        REPLICA_FULL,
        ACCOUNT_FULL
    }

    private final long capacity;
    private final long accountShare;
    /** Guarded by this: the bytes held in all, and by each account holding any. */
    private long inFlight;
    private final Map<String, Long> byAccount = new HashMap<>();

    public AnswerBudget(PersonalizeConfig config) {
        this.capacity = config.http().maxAnswerLengthInFlight();
        this.accountShare = config.http().maxAnswerLengthInFlightPerAccount();
    }

    /** A hold of nothing yet, for one request: release it (any number of times) once its answer is sent. */
    public Hold open() {
        return new Hold();
    }

    /** Runs {@code start} (which starts an execution) with {@code hold} as the hold its operation reserves on. */
    public static void starting(Hold hold, Runnable start) {
        Hold outer = STARTING.get();
        STARTING.set(hold);
        try {
            start.run();
        } finally {
            STARTING.set(outer);
        }
    }

    /** The hold of the execution starting on this thread; null outside {@link #starting}. */
    public static Hold current() {
        return STARTING.get();
    }

    /** How many bytes are held now, for tests. */
    public synchronized long inFlight() {
        return inFlight;
    }

    public long capacity() {
        return capacity;
    }

    public long accountShare() {
        return accountShare;
    }

    private synchronized Reservation take(String account, long length) {
        long ofAccount = byAccount.getOrDefault(account, 0L);
        if (length > capacity - inFlight) {
            return Reservation.REPLICA_FULL;
        }
        if (length > accountShare - ofAccount) {
            return Reservation.ACCOUNT_FULL;
        }
        inFlight += length;
        byAccount.put(account, ofAccount + length);
        return Reservation.TAKEN;
    }

    private synchronized void giveBack(String account, long length) {
        inFlight -= length;
        long left = byAccount.getOrDefault(account, 0L) - length;
        if (left > 0) {
            byAccount.put(account, left);
        } else {
            byAccount.remove(account);
        }
    }

    /** What one request holds of the budget: nothing, or the length of its one operation until it is released. */
    public final class Hold {

        private String account;
        private long held;
        private boolean released;

        /**
         * Takes {@code length} bytes for this request's operation, of the replica's budget and of {@code account}'s
         * share; takes nothing when they do not fit in either.
         */
        public synchronized Reservation reserve(String account, long length) {
            if (released || held > 0) {
                // A request runs one operation; a released hold takes nothing more.
                return released ? Reservation.REPLICA_FULL : Reservation.TAKEN;
            }
            Reservation taken = take(account, length);
            if (taken == Reservation.TAKEN) {
                this.account = account;
                held = length;
            }
            return taken;
        }

        /**
         * The answer is built, {@code length} bytes: holds that from now on, giving back what the longest it could
         * have been held beyond it. A client that reads slowly or not at all then keeps only what its answer holds of
         * the heap, not the estimate that let it run (a page of jobs with 200 tags of 100 characters: 32 million bytes
         * at their longest, 4.6 MB as answered). Never more than it reserved: that was refused or allowed.
         */
        public synchronized void settle(long length) {
            if (!released && length < held) {
                giveBack(account, held - length);
                held = length;
            }
        }

        /** Gives back what this request holds; idempotent. */
        public synchronized void release() {
            if (!released) {
                released = true;
                if (held > 0) {
                    giveBack(account, held);
                }
                held = 0;
            }
        }
    }
}
