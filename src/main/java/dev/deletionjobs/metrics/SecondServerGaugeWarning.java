package dev.deletionjobs.metrics;

import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.jboss.logmanager.ExtLogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the warnings every start logs that say nothing wrong: Quarkus's Micrometer binder registers the gauges
 * {@code http.server.active.connections} and (with a connection limit) {@code vertx.http.connections.current} and
 * {@code vertx.http.connections.max} once for each HTTP server, and the management interface is a second one, so
 * Micrometer keeps the first and warns of the second (of whichever the two servers' event loops register second
 * first: the others it logs at DEBUG). Every other warning, of this logger too, is kept.
 */
@LoggingFilter(name = "second-server-gauge")
public final class SecondServerGaugeWarning implements Filter {

    static final String LOGGER = "io.micrometer.core.instrument.MeterRegistry";
    /** The connections gauges Quarkus registers for each HTTP server (the second with a connection limit). */
    private static final List<String> GAUGES = List.of("MeterId{name='http.server.active.connections', tags=[]}",
            "MeterId{name='vertx.http.connections.current', tags=[]}",
            "MeterId{name='vertx.http.connections.max', tags=[]}");

    /** By value: JBoss Log Manager's {@code WARN} is a level of its own, equal to JUL's {@code WARNING}. */
    @Override
    public boolean isLoggable(LogRecord record) {
        if (!LOGGER.equals(record.getLoggerName()) || record.getLevel().intValue() != Level.WARNING.intValue()) {
            return true;
        }
        String message = record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
        return message == null || !(message.contains("already registered") && GAUGES.stream().anyMatch(message::contains));
    }
}
