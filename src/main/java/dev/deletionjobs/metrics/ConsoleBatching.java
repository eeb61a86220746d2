package dev.deletionjobs.metrics;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Handler;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.StandardOutputStreams;
import org.jboss.logmanager.handlers.ConsoleHandler;

import dev.deletionjobs.config.PersonalizeConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Puts a {@link BatchedConsoleHandler} in the place of the console Quarkus configured ({@code quarkus.log.console.*};
 * {@code personalize.log.console-batch-interval}, off at zero), and writes out the lines that wait when the replica
 * stops. An asynchronous console ({@code quarkus.log.console.async}) writes from a thread of its own, and a console
 * Quarkus wraps for colours (dev and test on a terminal) or a named one ({@code quarkus.log.handler.console.*}) is not
 * found: those are left as they are.
 */
@Singleton
public class ConsoleBatching {

    private final Duration interval;
    private final boolean stderr;
    private volatile BatchedConsoleHandler batched;

    ConsoleBatching(PersonalizeConfig config,
            @ConfigProperty(name = "quarkus.log.console.stderr", defaultValue = "false") boolean stderr) {
        this.interval = config.log().consoleBatchInterval();
        this.stderr = stderr;
    }

    void onStart(@Observes StartupEvent event) {
        // SettingsCheck, observing the start before this, has refused a negative interval.
        if (interval.isZero()) {
            return;
        }
        // The console sits under the root logger, or under the handler Quarkus queues startup lines in.
        Logger root = LogContext.getLogContext().getLogger("");
        if (!replaceConsole(root.getHandlers(), root::setHandlers)) {
            for (Handler handler : root.getHandlers()) {
                if (handler instanceof ExtHandler parent && replaceConsole(parent.getHandlers(), parent::setHandlers)) {
                    return;
                }
            }
            Log.debug("No synchronous console to batch the lines of");
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        BatchedConsoleHandler handler = batched;
        if (handler != null) {
            handler.close();
        }
    }

    private boolean replaceConsole(Handler[] handlers, Consumer<Handler[]> setHandlers) {
        for (int i = 0; i < handlers.length; i++) {
            if (handlers[i] instanceof ConsoleHandler console) {
                // The streams the log manager took when it started, as the console did: not whatever System.out is
                // now, which something may since have sent back into logging.
                BatchedConsoleHandler handler = new BatchedConsoleHandler(console,
                        stderr ? StandardOutputStreams.stderr : StandardOutputStreams.stdout, interval);
                Handler[] replaced = handlers.clone();
                replaced[i] = handler;
                setHandlers.accept(replaced);
                batched = handler;
                return true;
            }
        }
        return false;
    }
}
