package dev.deletionjobs.store.postgresql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The service starts on the schema its migrations make, every one of them applied: a migration that fails is retried
 * while the service runs (as for a store that is down), so without this test a broken one would leave the suites
 * running on the schema before it. Every index is valid, as a build that was cut off would leave one that is not.
 */
@QuarkusTest
@TestProfile(PostgresTestProfile.class)
class PostgresSchemaTest {

    @Inject
    Flyway flyway;

    @Inject
    DataSource dataSource;

    @Test
    void everyMigrationIsAppliedAndEveryIndexIsValid() throws SQLException {
        MigrationInfo[] migrations = flyway.info().all();
        assertTrue(migrations.length >= 5, "the migrations found: " + migrations.length);
        List<String> notApplied = Arrays.stream(migrations).filter(m -> m.getState() != MigrationState.SUCCESS)
                .map(m -> m.getVersion() + " " + m.getDescription() + ": " + m.getState()).toList();
        assertEquals(List.of(), notApplied);

        List<String> invalid = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT indexrelid::regclass::text FROM pg_index"
                        + " WHERE NOT indisvalid OR NOT indisready")) {
            while (result.next()) {
                invalid.add(result.getString(1));
            }
        }
        assertEquals(List.of(), invalid);
    }

    @Test
    void aDatabaseThatCannotStoreEveryLetterIsRefused() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            PostgresDataDeletionJobRepository.requireUnicode(connection);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS latin1_jobs");
                statement.execute("CREATE DATABASE latin1_jobs ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C'"
                        + " TEMPLATE template0");
            }
            String url = connection.getMetaData().getURL().replaceFirst("/[^/?]+(\\?|$)", "/latin1_jobs$1");
            try (Connection latin1 = DriverManager.getConnection(url, connection.getMetaData().getUserName(), "")) {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> PostgresDataDeletionJobRepository.requireUnicode(latin1));
                assertEquals("The database latin1_jobs is encoded in LATIN1; this service stores any Unicode letter"
                        + " and needs a database created with ENCODING 'UTF8'.", refused.getMessage());
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("DROP DATABASE latin1_jobs");
                }
            }
        }
    }
}
