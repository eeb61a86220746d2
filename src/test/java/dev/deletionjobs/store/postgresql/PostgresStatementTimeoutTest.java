package dev.deletionjobs.store.postgresql;

import static dev.deletionjobs.testing.AwsJsonCalls.ACCOUNT;
import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

import dev.deletionjobs.testing.HeldInserts;
import dev.deletionjobs.testing.PostgresTestProfile;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * PostgreSQL ends a statement of the service that runs past the statement timeout (4 s), before the driver gives up
 * on it (5 s): nothing goes on running or waiting in the server for a call already answered, so a create answered
 * ServiceUnavailable is never stored behind the caller's back. The migrations ran without the bound, on connections
 * the pool no longer has.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresStatementTimeoutTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCreateHeldPastTheTimeoutIsEndedInTheServerAndNeverStored() throws Exception {
        String jobName = newJobName();
        String group = newDatasetGroupArn();
        try (HeldInserts held = HeldInserts.holding(dataSource)) {
            long started = System.nanoTime();
            call("CreateDataDeletionJob", createRequest(jobName, group)).then()
                    .statusCode(503)
                    .body("__type", equalTo("ServiceUnavailable"));
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waitedMillis >= 3_500, "answered before the insert waited its 4 s: " + waitedMillis + " ms");
            // Given up on only by the driver, the insert would still wait for the lock here.
            assertEquals(0L, held.waiting(), "the insert goes on waiting in the server");
        }
        String arn = "arn:aws:personalize:us-east-1:" + ACCOUNT + ":data-deletion-job/" + jobName;
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).then()
                .statusCode(400)
                .body("__type", equalTo("ResourceNotFoundException"));
    }

    @Test
    void everyConnectionThePoolHandsOutHasTheTimeout() throws SQLException {
        int free = dataSource.getConfiguration().connectionPoolConfiguration().maxSize()
                - (int) dataSource.getMetrics().activeCount();
        List<Connection> held = new ArrayList<>();
        try {
            // The idle ones (Flyway's among them, had they been kept) and new ones, until the pool is full.
            for (int i = 0; i < free; i++) {
                held.add(dataSource.getConnection());
            }
            if (held.isEmpty()) {
                fail("no connection free to look at");
            }
            for (Connection connection : held) {
                try (Statement statement = connection.createStatement();
                        ResultSet setting = statement.executeQuery("SHOW statement_timeout")) {
                    setting.next();
                    assertEquals("4s", setting.getString(1));
                }
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void theMigrationsConnectionsHaveNeitherTimeout() throws SQLException {
        // Not the pool's: a connection of its own, with the pool's settings, so the pool keeps none without bounds.
        PGSimpleDataSource own = new PGSimpleDataSource();
        own.setURL(dataSource.getConfiguration().connectionPoolConfiguration().connectionFactoryConfiguration()
                .jdbcUrl());
        own.setOptions("-c statement_timeout=4000");
        own.setSocketTimeout(5);
        try (Connection connection = new MigrationConnections(own).getConnection();
                Statement statement = connection.createStatement();
                ResultSet setting = statement.executeQuery("SHOW statement_timeout")) {
            setting.next();
            assertEquals("0", setting.getString(1));
            assertEquals(0, connection.getNetworkTimeout());
        }
    }
}
