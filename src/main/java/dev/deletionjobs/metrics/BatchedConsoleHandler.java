package dev.deletionjobs.metrics;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Level;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The console, writing its lines in batches. Every API call logs a line, and one {@code write} into the pod's output
 * pipe per line, under the console's lock that the other request threads then waited on, was 6 % of an AWS list's CPU.
 * A line of INFO or below waits until {@link #BATCH} bytes of lines would be exceeded or the interval has passed; a
 * WARN or above is written at once, after the lines before it, so the order stays. A write is whole lines and at most
 * {@link #BATCH} bytes, which a pipe never interleaves with another writer's, so a reader never sees a line split by
 * another (a longer line goes out alone). Formatted, filtered and leveled as the console it stands in for; once closed,
 * it writes every line at once.
 */
final class BatchedConsoleHandler extends ExtHandler {

    /** PIPE_BUF on Linux: a write of at most this many bytes into a pipe is never interleaved with another. */
    static final int BATCH = 4096;

    private final PrintStream out;
    private final Charset charset;
    private final long intervalNanos;
    /** Guards the pending lines and the writes; the formatting runs outside it. */
    private final Object batchLock = new Object();
    private final byte[] pending = new byte[BATCH];
    private int pendingLength;
    private final Thread flusher;
    private volatile boolean closed;

    BatchedConsoleHandler(ExtHandler console, PrintStream out, Duration interval) {
        setFormatter(console.getFormatter());
        setFilter(console.getFilter());
        setLevel(console.getLevel());
        setErrorManager(console.getErrorManager());
        this.charset = console.getCharset();
        this.out = out;
        this.intervalNanos = interval.toNanos();
        this.flusher = new Thread(this::flushEveryInterval, "console-batch");
        flusher.setDaemon(true);
        flusher.start();
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        String formatted;
        try {
            formatted = getFormatter().format(record);
        } catch (Exception e) {
            reportError("Formatting error", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        byte[] line = formatted.getBytes(charset);
        boolean warning = record.getLevel().intValue() > Level.INFO.intValue();
        synchronized (batchLock) {
            if (pendingLength + line.length > BATCH) {
                writePending();
            }
            if (line.length > BATCH) {
                write(line, line.length);
            } else {
                System.arraycopy(line, 0, pending, pendingLength, line.length);
                pendingLength += line.length;
            }
            // Closed is read under the lock close() flushes under: a line is either flushed by it or written here.
            if (warning || closed) {
                writePending();
            }
        }
    }

    /** Writes the lines that wait. */
    @Override
    public void flush() {
        synchronized (batchLock) {
            writePending();
        }
    }

    /** Writes the lines that wait, and every line after them at once; the console's stream stays open. */
    @Override
    public void close() {
        synchronized (batchLock) {
            closed = true;
            writePending();
        }
        LockSupport.unpark(flusher);
    }

    private void flushEveryInterval() {
        while (!closed) {
            // To the deadline: parkNanos may return early, and a line must not go out before its batch is due.
            long deadline = System.nanoTime() + intervalNanos;
            for (long left = intervalNanos; left > 0 && !closed; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
            flush();
        }
    }

    private void writePending() {
        if (pendingLength > 0) {
            write(pending, pendingLength);
            pendingLength = 0;
        }
    }

    private void write(byte[] bytes, int length) {
        // PrintStream reports no IOException; a console that cannot be written to loses the lines either way.
        out.write(bytes, 0, length);
        out.flush();
    }
}
