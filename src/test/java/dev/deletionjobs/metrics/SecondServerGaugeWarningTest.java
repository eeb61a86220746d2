package dev.deletionjobs.metrics;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The start's one spurious warning is dropped, and nothing else. */
class SecondServerGaugeWarningTest {

    private static final String SECOND_GAUGE = "This Gauge has been already registered (MeterId{name="
            + "'http.server.active.connections', tags=[]}), the registration will be ignored. Note that subsequent"
            + " logs will be logged at debug level.";

    private final SecondServerGaugeWarning filter = new SecondServerGaugeWarning();

    @Test
    void theSecondServersGaugeWarningIsDropped() {
        assertFalse(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, Level.WARNING, SECOND_GAUGE)));
        assertFalse(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, org.jboss.logmanager.Level.WARN,
                SECOND_GAUGE)));
        assertFalse(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, org.jboss.logmanager.Level.WARN,
                SECOND_GAUGE.replace("http.server.active.connections", "vertx.http.connections.current"))));
        // Seen in CI: the two servers' event loops register in either order, and this one may come second first.
        assertFalse(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, org.jboss.logmanager.Level.WARN,
                SECOND_GAUGE.replace("http.server.active.connections", "vertx.http.connections.max"))));
    }

    @Test
    void everyOtherRecordIsKept() {
        assertTrue(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, Level.WARNING,
                "This Gauge has been already registered (MeterId{name='personalize.jobs', tags=[]}), the"
                        + " registration will be ignored.")));
        assertTrue(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, Level.WARNING,
                "A MeterFilter is being configured after a Meter has been registered to this registry.")));
        assertTrue(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, Level.SEVERE, SECOND_GAUGE)));
        assertTrue(filter.isLoggable(record("dev.deletionjobs.metrics.ApiCalls", Level.WARNING, SECOND_GAUGE)));
        assertTrue(filter.isLoggable(record(SecondServerGaugeWarning.LOGGER, Level.WARNING, null)));
    }

    private static ExtLogRecord record(String logger, Level level, String message) {
        ExtLogRecord record = new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                SecondServerGaugeWarningTest.class.getName());
        record.setLoggerName(logger);
        return record;
    }
}
