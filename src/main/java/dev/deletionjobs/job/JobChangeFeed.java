package dev.deletionjobs.job;

/**
 * The store's own record of what changed: every job created or changed status, by any replica's worker or API, or by
 * any other writer of the store. MongoDB reads it from a change stream, PostgreSQL from {@code LISTEN/NOTIFY} sent by a
 * trigger in the transaction of the change. It is what lets a dashboard on one replica follow jobs that another
 * replica ran; {@code personalize.store.kind} chooses the implementation with the store.
 */
public interface JobChangeFeed {

    /**
     * Follows the store from now on, on a thread of the feed's own, until the returned handle is closed: reconnects
     * after a failure, for as long as it is open.
     */
    AutoCloseable follow(Listener listener);

    /** What the feed reports, on its own thread. Neither method may block: a slow listener would hold up the feed. */
    interface Listener {

        /**
         * Whether any change is wanted now: while none is (no subscriber), the feed drops what the store reports
         * without reading the jobs back.
         */
        boolean wantsChanges();

        /** The feed follows the store: every change from now on is reported. */
        void following();

        /** The job as a change left it: created, or with a new status (and when it changed). */
        void changed(DataDeletionJob job);

        /** The feed lost its place in the store, so changes may be missed until {@link #following()} again. */
        void interrupted(Exception cause);
    }
}
