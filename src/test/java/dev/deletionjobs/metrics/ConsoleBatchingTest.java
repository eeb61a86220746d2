package dev.deletionjobs.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;

import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** The console Quarkus configured writes in batches once the service has started: no line-by-line console is left. */
@QuarkusTest
class ConsoleBatchingTest {

    @Test
    void theConsoleWritesInBatches() {
        List<Handler> handlers = new ArrayList<>();
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            handlers.add(handler);
            if (handler instanceof ExtHandler parent) {
                handlers.addAll(List.of(parent.getHandlers()));
            }
        }
        assertTrue(handlers.stream().anyMatch(BatchedConsoleHandler.class::isInstance), handlers::toString);
        assertTrue(handlers.stream().noneMatch(ConsoleHandler.class::isInstance), handlers::toString);
    }
}
