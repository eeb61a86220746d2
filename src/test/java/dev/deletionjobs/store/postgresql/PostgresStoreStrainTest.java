package dev.deletionjobs.store.postgresql;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobChangeFeed;
import dev.deletionjobs.testing.PostgresTestProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * PostgreSQL that answers but cannot serve now, as MongoDB's outages are answered: a pool with no connection free in
 * time and a commit the server refuses are the retryable ServiceUnavailable (never an InternalFailure, nor a client's
 * error), and nothing half-done is stored; the change feed hands its connection back to the pool no longer listening.
 */
@QuarkusTest
@TestProfile(PostgresStoreStrainTest.SmallPool.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresStoreStrainTest {

    /** Four connections, given up on after a second; no worker, whose claims would take connections too. */
    public static class SmallPool implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(PostgresTestProfile.SETTINGS);
            overrides.put("quarkus.datasource.jdbc.max-size", "4");
            overrides.put("quarkus.datasource.jdbc.acquisition-timeout", "1s");
            overrides.put("personalize.worker.enabled", "false");
            return overrides;
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aPoolWithNoConnectionFreeInTimeIsServiceUnavailable() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            // Another borrower (the change feed, a readiness check) may hand a connection back meanwhile: whatever
            // the pool has free is taken again until a call finds none.
            int status = 0;
            for (int attempt = 0; attempt < 5 && status != 503; attempt++) {
                takeEveryFreeConnection(held);
                status = call("ListDataDeletionJobs", Map.of()).then().extract().statusCode();
            }
            assertEquals(503, status);
            call("ListDataDeletionJobs", Map.of()).then()
                    .statusCode(503)
                    .header("x-amzn-ErrorType", "ServiceUnavailable")
                    .body("__type", equalTo("ServiceUnavailable"));
            takeEveryFreeConnection(held);
            given().contentType("application/json").body(Map.of("query", "{ dataDeletionJobs { totalCount } }"))
                    .post("/graphql").then().statusCode(200)
                    .body("errors[0].extensions.code", equalTo("ServiceUnavailable"));
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        call("ListDataDeletionJobs", Map.of()).then().statusCode(200);
    }

    /** A serialization failure found at COMMIT, as a SERIALIZABLE transaction or a deferred constraint meets one. */
    @Test
    void aCreateWhoseCommitTheServerRefusesIsRetryableAndNotStored() throws SQLException {
        String jobName = newJobName();
        Map<String, Object> create = createRequest(jobName, newDatasetGroupArn());
        execute("""
                CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$""",
                "CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON data_deletion_jobs DEFERRABLE INITIALLY"
                        + " DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()");
        String refusal;
        try {
            refusal = call("CreateDataDeletionJob", create).then()
                    .statusCode(503)
                    .body("__type", equalTo("ServiceUnavailable"))
                    .extract().asString();
        } finally {
            execute("DROP TRIGGER refuse_commit ON data_deletion_jobs", "DROP FUNCTION refuse_commit()");
        }
        assertTrue(refusal.contains("retry"), refusal);
        String created = call("CreateDataDeletionJob", create).then().statusCode(200)
                .extract().path("dataDeletionJobArn");
        call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", created)).then().statusCode(200)
                .body("dataDeletionJob.jobName", equalTo(jobName));
    }

    /**
     * The feed's connection, lent to it by a pool of one that keeps it open when the feed closes it, listens no more
     * once the feed stops: the pool would lend it to the API's reads next, and its driver would keep every later
     * notification in memory, unread.
     */
    @Test
    void aFeedThatStopsHandsItsConnectionBackNotListening() throws Exception {
        try (Connection pooled = dataSource.getConnection()) {
            Connection lent = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] { Connection.class }, (proxy, method, arguments) -> {
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        try {
                            return method.invoke(pooled, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            DataSource poolOfOne = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                    new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
                        if (method.getName().equals("getConnection")) {
                            return lent;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            @SuppressWarnings("unchecked")
            Instance<DataSource> instance = (Instance<DataSource>) Proxy.newProxyInstance(
                    Instance.class.getClassLoader(), new Class<?>[] { Instance.class }, (proxy, method, arguments) -> {
                        if (method.getName().equals("get")) {
                            return poolOfOne;
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
            CountDownLatch following = new CountDownLatch(1);
            AutoCloseable feed = new PostgresJobChangeFeed(instance)
                    .follow(new JobChangeFeed.Listener() {
                        @Override
                        public boolean wantsChanges() {
                            return false;
                        }

                        @Override
                        public void following() {
                            following.countDown();
                        }

                        @Override
                        public void changed(DataDeletionJob job) {
                        }

                        @Override
                        public void interrupted(Exception cause) {
                        }
                    });
            assertTrue(following.await(30, TimeUnit.SECONDS), "the feed followed the store");
            assertEquals(List.of(PostgresJobChangeFeed.CHANNEL), listeningChannels(pooled));
            feed.close();
            // The feed's thread may still be on its way out of its last poll on a busy machine.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!listeningChannels(pooled).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), listeningChannels(pooled));
        }
    }

    private void takeEveryFreeConnection(List<Connection> held) {
        while (held.size() < 16) {
            try {
                held.add(dataSource.getConnection());
            } catch (SQLException full) {
                return;
            }
        }
    }

    private static List<String> listeningChannels(Connection connection) throws SQLException {
        List<String> channels = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pg_listening_channels()")) {
            while (rows.next()) {
                channels.add(rows.getString(1));
            }
        }
        return channels;
    }

    private void execute(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
