package dev.deletionjobs.testing;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a logger (and the loggers below it) writes while open: message, parameters and exception, and the
 * thread that wrote each line.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<Instant> instants = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    /** Captures {@code category}; the empty string captures everything. */
    public static LogCapture of(String category) {
        return new LogCapture(Logger.getLogger(category));
    }

    public List<String> lines() {
        return lines;
    }

    /** The name of the thread that wrote each line, in the order of {@link #lines()}. */
    public List<String> threads() {
        return threads;
    }

    /** When each line was logged, in the order of {@link #lines()}. */
    public List<Instant> instants() {
        return instants;
    }

    /** The lines logged at ERROR (or above). */
    public List<String> errors() {
        return errors;
    }

    @Override
    public void publish(LogRecord record) {
        String line = record.getMessage() + " " + Arrays.toString(record.getParameters())
                + (record.getThrown() == null ? "" : " " + record.getThrown());
        synchronized (this) {
            threads.add(Thread.currentThread().getName());
            instants.add(record.getInstant());
            lines.add(line);
        }
        if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
            errors.add(line);
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
