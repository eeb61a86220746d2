package dev.deletionjobs.bench;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.bson.conversions.Bson;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;

/**
 * The benchmark's store ceiling: the first-page keyset query of ListDataDeletionJobs (filter, sort, limit 101),
 * issued straight through the MongoDB Java driver at the same concurrency as the HTTP scenarios, against the same
 * store. Prints one {@code RESULT {...}} line like the wrk scenarios.
 * <p>
 * Usage: {@code DriverCeiling <connection string> <threads> <seconds> [datasetGroupArn]}
 */
public final class DriverCeiling {

    private DriverCeiling() {
    }

    public static void main(String[] args) throws InterruptedException {
        String connectionString = args[0];
        int threads = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        String group = args.length > 3 ? args[3] : null;
        try (MongoClient client = MongoClients.create(connectionString)) {
            MongoCollection<Document> jobs = client.getDatabase("personalize").getCollection("data_deletion_jobs");
            Bson filter = group == null
                    ? and(eq("accountId", "000000000000"), eq("region", "us-east-1"))
                    : and(eq("accountId", "000000000000"), eq("region", "us-east-1"), eq("datasetGroupArn", group));
            Bson sort = new Document("creationDateTime", -1).append("_id", -1);
            page(jobs, filter, sort); // warm the connection pool and the code paths
            AtomicBoolean running = new AtomicBoolean(true);
            CountDownLatch finished = new CountDownLatch(threads);
            List<long[]> latencies = new ArrayList<>();
            long[] counts = new long[threads];
            for (int t = 0; t < threads; t++) {
                long[] mine = new long[2_000_000];
                latencies.add(mine);
                int index = t;
                Thread worker = new Thread(() -> {
                    int n = 0;
                    while (running.get()) {
                        long start = System.nanoTime();
                        page(jobs, filter, sort);
                        if (n < mine.length) {
                            mine[n] = System.nanoTime() - start;
                        }
                        n++;
                    }
                    counts[index] = n;
                    finished.countDown();
                });
                worker.start();
            }
            long started = System.nanoTime();
            Thread.sleep(seconds * 1000);
            running.set(false);
            finished.await();
            double elapsed = (System.nanoTime() - started) / 1e9;
            long total = Arrays.stream(counts).sum();
            long[] all = new long[(int) Math.min(total, (long) threads * 2_000_000)];
            int at = 0;
            for (int t = 0; t < threads; t++) {
                int n = (int) Math.min(counts[t], 2_000_000);
                System.arraycopy(latencies.get(t), 0, all, at, n);
                at += n;
            }
            Arrays.sort(all, 0, at);
            System.out.printf("RESULT {\"requests\":%d,\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":0}%n",
                    total, total / elapsed, all[at / 2] / 1e6, all[Math.min(at - 1, (int) (at * 0.99))] / 1e6);
        }
    }

    private static void page(MongoCollection<Document> jobs, Bson filter, Bson sort) {
        List<Document> page = jobs.find(filter).sort(sort).limit(101).into(new ArrayList<>(101));
        if (page.isEmpty()) {
            throw new IllegalStateException("the store holds no jobs to list");
        }
    }
}
