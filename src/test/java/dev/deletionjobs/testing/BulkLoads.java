package dev.deletionjobs.testing;

import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;

import org.hibernate.Session;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * A test's load of many jobs in one statement, in a transaction of its own. Its connection waits for the statement
 * as long as it takes (up to a minute): loading 100,000 jobs, a notification trigger each, takes some 4 s on two busy
 * cores, and the driver's socket timeout (5 s, meant for an API's reads, which the store-fault tests rely on) cut it
 * off in CI rehearsals; so would the server's statement timeout (4 s), lifted for the transaction alone. The
 * connection goes back to the pool with its timeouts as they were.
 */
public final class BulkLoads {

    private static final int PATIENCE_MILLIS = (int) TimeUnit.MINUTES.toMillis(1);

    private BulkLoads() {
    }

    /** Runs {@code load} (statements through {@code entityManager}) in a new transaction, with a minute's patience. */
    public static void run(EntityManager entityManager, Runnable load) {
        QuarkusTransaction.requiringNew().run(() -> {
            Session session = entityManager.unwrap(Session.class);
            int[] timeout = new int[1];
            session.doWork(connection -> {
                timeout[0] = connection.getNetworkTimeout();
                connection.setNetworkTimeout(Runnable::run, PATIENCE_MILLIS);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL statement_timeout = 0");
                }
            });
            try {
                load.run();
            } finally {
                session.doWork(connection -> connection.setNetworkTimeout(Runnable::run, timeout[0]));
            }
        });
    }
}
