package dev.deletionjobs.bench;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.exclude;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.store.postgresql.JobSql;

/**
 * The benchmark's store ceiling: the first-page keyset query of ListDataDeletionJobs (filter, sort, limit 101, tags
 * left out),
 * issued straight through the store's driver (the MongoDB Java driver, or JDBC with the service's own SQL) at the same
 * concurrency as the HTTP scenarios, against the same store. Prints one {@code RESULT {...}} line like the wrk
 * scenarios.
 * <p>
 * Usage: {@code DriverCeiling <mongodb:// connection string | jdbc:postgresql:// URL> <threads> <seconds>
 * [datasetGroupArn]}
 */
public final class DriverCeiling {

    private static final int MAX_SAMPLES = 2_000_000;
    private static final AccountScope SCOPE = new AccountScope("000000000000", "us-east-1");

    private DriverCeiling() {
    }

    /** One page, read whole, on the calling thread. */
    private interface PageQuery {
        int run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String store = args[0];
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        String group = args.length > 3 ? args[3] : null;
        if (store.startsWith("jdbc:")) {
            List<Connection> connections = new ArrayList<>();
            try {
                List<PageQuery> queries = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Connection connection = DriverManager.getConnection(store);
                    connections.add(connection);
                    queries.add(() -> postgresqlPage(connection, group));
                }
                measure(queries, seconds);
            } finally {
                for (Connection connection : connections) {
                    connection.close();
                }
            }
        } else {
            try (MongoClient client = MongoClients.create(store)) {
                MongoCollection<Document> jobs = client.getDatabase("personalize").getCollection("data_deletion_jobs");
                Bson filter = group == null
                        ? and(eq("accountId", SCOPE.accountId()), eq("region", SCOPE.region()))
                        : and(eq("accountId", SCOPE.accountId()), eq("region", SCOPE.region()),
                                eq("datasetGroupArn", group));
                Bson sort = new Document("creationDateTime", -1).append("_id", -1);
                // As the store reads a listing: without the tags, which no list answer shows.
                Bson withoutTags = exclude("tags");
                List<PageQuery> queries = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    queries.add(() -> jobs.find(filter).projection(withoutTags).sort(sort).limit(101).into(new ArrayList<>(101))
                            .size());
                }
                measure(queries, seconds);
            }
        }
    }

    /** The SQL the PostgreSQL store runs for a first page without tags, every column of every row read. */
    private static int postgresqlPage(Connection connection, String group) throws SQLException {
        JobSql query = JobSql.page(SCOPE, new JobFilter(group, Set.of()), null, ListOrder.NEWEST_FIRST,
                ListDirection.FORWARD, 101, JobReading.WITHOUT_TAGS);
        try (PreparedStatement statement = query.prepare(connection)) {
            int rows = 0;
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    for (int c = 1; c <= columns; c++) {
                        result.getObject(c);
                    }
                    rows++;
                }
            }
            return rows;
        }
    }

    /** Runs each query on a thread of its own for {@code seconds}, then prints throughput and latency. */
    private static void measure(List<PageQuery> queries, long seconds) throws Exception {
        if (queries.get(0).run() == 0) { // also warms the connections and code paths
            throw new IllegalStateException("the store holds no jobs to list");
        }
        int threads = queries.size();
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch finished = new CountDownLatch(threads);
        List<long[]> latencies = new ArrayList<>();
        long[] counts = new long[threads];
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[MAX_SAMPLES];
            latencies.add(mine);
            int index = t;
            PageQuery query = queries.get(t);
            Thread worker = new Thread(() -> {
                int n = 0;
                try {
                    while (running.get()) {
                        long start = System.nanoTime();
                        query.run();
                        if (n < mine.length) {
                            mine[n] = System.nanoTime() - start;
                        }
                        n++;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    counts[index] = n;
                    finished.countDown();
                }
            });
            worker.start();
        }
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000);
        running.set(false);
        finished.await();
        double elapsed = (System.nanoTime() - started) / 1e9;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) Math.min(total, (long) threads * MAX_SAMPLES)];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            int n = (int) Math.min(counts[t], MAX_SAMPLES);
            System.arraycopy(latencies.get(t), 0, all, at, n);
            at += n;
        }
        Arrays.sort(all, 0, at);
        System.out.printf("RESULT {\"requests\":%d,\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":0}%n",
                total, total / elapsed, all[at / 2] / 1e6, all[Math.min(at - 1, (int) (at * 0.99))] / 1e6);
    }
}
