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
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

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
 * concurrency as the HTTP scenarios, against the same store. Warmed up as the benchmark warms the service's scenarios,
 * in windows until its rate stops moving, then measured; prints one {@code RESULT {...}} line like the wrk scenarios,
 * with the warm-up's curve.
 * <p>
 * Usage: {@code DriverCeiling <mongodb:// connection string | jdbc:postgresql:// URL> <threads> <seconds>
 * <window seconds> <most windows> [datasetGroupArn]}
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
        Warmup warmup = new Warmup(Long.parseLong(args[3]), Integer.parseInt(args[4]));
        String group = args.length > 5 ? args[5] : null;
        if (store.startsWith("jdbc:")) {
            List<Connection> connections = new ArrayList<>();
            try {
                List<PageQuery> queries = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Connection connection = DriverManager.getConnection(store);
                    connections.add(connection);
                    queries.add(() -> postgresqlPage(connection, group));
                }
                measure(queries, seconds, warmup);
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
                measure(queries, seconds, warmup);
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

    /**
     * How the ceiling warms up: in windows of {@code window} seconds until the last three rates are within 5 % of their
     * mean or {@code most} windows have run, the rule of bench.py's {@code warm_up}. A new JVM's first seconds run
     * the driver interpreted and compiling; measured at once, it made a lower ceiling than the warmed service faced.
     */
    private record Warmup(long window, int most) {

        boolean settled(List<Double> curve) {
            if (curve.size() >= most) {
                return true;
            }
            if (curve.size() < 3) {
                return false;
            }
            List<Double> last = curve.subList(curve.size() - 3, curve.size());
            double mean = last.stream().mapToDouble(Double::doubleValue).sum() / 3;
            return Collections.max(last) - Collections.min(last) <= 0.05 * mean;
        }
    }

    /**
     * Runs each query on a thread of its own, without a pause: first through the warm-up's windows, then for
     * {@code seconds}, the latencies recorded; prints the measured throughput and latency and the warm-up's curve.
     */
    private static void measure(List<PageQuery> queries, long seconds, Warmup warmup) throws Exception {
        if (queries.get(0).run() == 0) { // a store without jobs is no ceiling
            throw new IllegalStateException("the store holds no jobs to list");
        }
        int threads = queries.size();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean measuring = new AtomicBoolean(false);
        LongAdder done = new LongAdder();
        CountDownLatch finished = new CountDownLatch(threads);
        List<long[]> latencies = new ArrayList<>();
        int[] recorded = new int[threads];
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[MAX_SAMPLES];
            latencies.add(mine);
            int index = t;
            PageQuery query = queries.get(t);
            Thread worker = new Thread(() -> {
                int n = 0;
                try {
                    while (running.get()) {
                        boolean measured = measuring.get();
                        long start = System.nanoTime();
                        query.run();
                        done.increment();
                        if (measured && n < mine.length) {
                            mine[n++] = System.nanoTime() - start;
                        }
                    }
                } catch (Exception | Error e) {
                    failures.add(e);
                } finally {
                    recorded[index] = n;
                    finished.countDown();
                }
            });
            // A query that never returns must not keep the JVM, and the run, waiting for it.
            worker.setDaemon(true);
            worker.start();
        }
        List<Double> curve = new ArrayList<>();
        try {
            do {
                curve.add(countOver(warmup.window(), done).rate());
            } while (!warmup.settled(curve) && failures.isEmpty());
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a query failed while warming up", failures.get(0));
            }
            measuring.set(true);
            Counted measured = countOver(seconds, done);
            running.set(false);
            if (!finished.await(warmup.window() + 30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a query did not return within " + (warmup.window() + 30) + " s");
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a query failed", failures.get(0));
            }
            long[] all = new long[Arrays.stream(recorded).sum()];
            int at = 0;
            for (int t = 0; t < threads; t++) {
                System.arraycopy(latencies.get(t), 0, all, at, recorded[t]);
                at += recorded[t];
            }
            Arrays.sort(all);
            System.out.printf(Locale.ROOT, "RESULT {\"requests\":%d,\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,"
                    + "\"errors\":0,\"warmup\":%s}%n", measured.queries(), measured.rate(), all[all.length / 2] / 1e6,
                    all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6,
                    curve.stream().map(rate -> String.format(Locale.ROOT, "%.1f", rate))
                            .collect(Collectors.joining(",", "[", "]")));
        } finally {
            running.set(false);
        }
    }

    /** The queries answered over a span of time: a warm-up window, or the measurement. */
    private record Counted(long queries, double seconds) {

        double rate() {
            return queries / seconds;
        }
    }

    /** The queries answered over the next {@code seconds}. */
    private static Counted countOver(long seconds, LongAdder done) throws InterruptedException {
        long before = done.sum();
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000);
        return new Counted(done.sum() - before, (System.nanoTime() - started) / 1e9);
    }
}
