package dev.deletionjobs.worker;

import java.time.Duration;

/**
 * The moment by which a job must be done ({@code personalize.worker.job-timeout} after it starts). When it passes,
 * the read the job is blocked in is cut off, so a source that drips a byte at a time cannot hold a worker slot.
 */
public final class JobDeadline {

    private final Duration timeout;
    private final long endNanos;
    private volatile boolean cutOff;
    private AutoCloseable read;

    private JobDeadline(Duration timeout) {
        this.timeout = timeout;
        this.endNanos = System.nanoTime() + timeout.toNanos();
    }

    /** A deadline {@code timeout} from now. */
    public static JobDeadline after(Duration timeout) {
        return new JobDeadline(timeout);
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether the deadline has passed. */
    public boolean passed() {
        return cutOff || System.nanoTime() - endNanos >= 0;
    }

    /** What is left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    /** Registers the read to cut off at the deadline (a connection's abort, a stream's close); once passed, at once. */
    synchronized void guard(AutoCloseable current) {
        read = current;
        if (cutOff) {
            closeQuietly(current);
        }
    }

    /** The read is over; nothing to cut off. */
    synchronized void release() {
        read = null;
    }

    /** Called by the reader's watchdog when the deadline passes. */
    synchronized void cutOff() {
        cutOff = true;
        if (read != null) {
            closeQuietly(read);
        }
    }

    /** The timeout as the failure reason says it, e.g. "15 minutes", "6 seconds", "1500 ms". */
    String describe() {
        long millis = timeout.toMillis();
        if (millis % 1000 != 0) {
            return millis + " ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return plural(seconds / 3600, "hour");
        }
        return seconds % 60 == 0 ? plural(seconds / 60, "minute") : plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // The read ends either way: the reader sees the deadline has passed and says so.
        }
    }
}
