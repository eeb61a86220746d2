package dev.deletionjobs.job;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.quarkus.logging.Log;

/**
 * The thread a {@link JobChangeFeed} follows its store on: it runs the store's session (connect, report
 * {@code following}, read changes) and, when that fails, reports the interruption and connects again after a pause
 * that doubles up to five seconds, until it is closed.
 */
public final class ChangeFeedThread implements AutoCloseable {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
    /** The longest a close waits for the session to end: a few of the stores' poll intervals. */
    static final Duration MOST_WAIT = Duration.ofSeconds(2);

    /**
     * One connection's life: calls {@code following} once it follows the store, then follows it while {@code open}
     * says so, and returns when it stops saying so.
     */
    @FunctionalInterface
    public interface Session {
        void follow(Runnable following, BooleanSupplier open) throws Exception;
    }

    private final Thread thread;
    private volatile boolean open = true;

    private ChangeFeedThread(String name, JobChangeFeed.Listener listener, Session session) {
        this.thread = new Thread(() -> run(listener, session), name);
        thread.setDaemon(true);
    }

    /** Starts following with {@code session} on a new thread named {@code name}. */
    public static ChangeFeedThread start(String name, JobChangeFeed.Listener listener, Session session) {
        ChangeFeedThread feed = new ChangeFeedThread(name, listener, session);
        feed.thread.start();
        return feed;
    }

    private void run(JobChangeFeed.Listener listener, Session session) {
        Duration pause = FIRST_PAUSE;
        boolean reported = false;
        while (open) {
            boolean[] followed = { false };
            try {
                session.follow(() -> {
                    followed[0] = true;
                    listener.following();
                }, () -> open);
            } catch (Exception e) {
                if (!open) {
                    return;
                }
                listener.interrupted(e);
                if (followed[0]) {
                    pause = FIRST_PAUSE;
                    reported = false;
                }
                // One line an outage, not one a retry: the store's health check and metrics tell the rest.
                if (!reported) {
                    Log.warnf("The job change feed lost the store (%s); following again as soon as it answers",
                            e.toString());
                    reported = true;
                }
                if (!pause(pause)) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    private boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops following: the session sees it within its poll interval, a pause ends at once. Returns when the thread
     * has ended (or after {@link #MOST_WAIT}), so a store closed next finds no session still reading from it.
     */
    @Override
    public void close() {
        open = false;
        thread.interrupt();
        try {
            thread.join(MOST_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
