package dev.deletionjobs.worker;

import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static dev.deletionjobs.testing.GraphQLCalls.graphql;
import static dev.deletionjobs.testing.GraphQLCalls.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.metrics.JobMetrics;
import dev.deletionjobs.testing.FaultyStore;
import dev.deletionjobs.testing.LogCapture;
import dev.deletionjobs.testing.ObjectServer;
import dev.deletionjobs.testing.OrphanedJobs;
import dev.deletionjobs.testing.SecondWriter;
import dev.deletionjobs.testing.TestSettings;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/** Jobs settle on their own, with a truthful outcome, exactly once, across racing workers and dead replicas. */
@QuarkusTest
@TestProfile(WorkerTestProfile.class)
class JobWorkerTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static ObjectServer files;

    @Inject
    DataDeletionJobStore store;

    @Inject
    DataSourceReader reader;

    @Inject
    JobMetrics jobMetrics;

    @Inject
    OrphanedJobs orphans;

    @BeforeAll
    static void serveFiles() throws Exception {
        StringBuilder large = new StringBuilder("USER_ID\n");
        for (int i = 0; i < 200_000; i++) {
            large.append("user-").append(i).append('\n');
        }
        files = new ObjectServer()
                .put("good.csv", "USER_ID\nalice\nbob\nalice\ncarol\nbob\n")
                .put("wrong-header.csv", "ITEM_ID\ni1\n")
                .put("empty.csv", "")
                .put("bad-row.csv", "USER_ID\nalice\n\nbob\n")
                .put("slow.csv", "USER_ID\nalice\n").stall("slow.csv", 3_000)
                .put("large.csv", large.toString())
                .put("oversized.csv", "USER_ID\n" + "someone\n".repeat(600_000))
                .put("drip.csv", "USER_ID\n" + "u\n".repeat(1_000)).drip("drip.csv", 150);
    }

    @AfterAll
    static void stopServing() {
        files.close();
    }

    @Test
    void aGoodFileCompletesWithItsDistinctCount() {
        JsonPath job = settle(create(files.url("good.csv")));
        assertEquals("COMPLETED", job.getString("status"));
        assertEquals(3, job.getInt("numDeleted"));
        assertNull(job.get("failureReason"));
        assertTrue(job.<BigDecimal> get("lastUpdatedDateTime").compareTo(job.get("creationDateTime")) > 0,
                "every transition moves lastUpdatedDateTime");
    }

    @Test
    void aLargeFileIsCountedInFull() {
        JsonPath job = settle(create(files.url("large.csv")));
        assertEquals("COMPLETED", job.getString("status"));
        assertEquals(200_000, job.getInt("numDeleted"));
        // 200,000 ids are more than the 1 MB budget holds: they were spilled, and the runs are gone (the replica's
        // own folder, and its lock, stay while it runs).
        try (Stream<Path> left = Files.walk(Path.of(WorkerTestProfile.SPILL_DIRECTORY))) {
            assertEquals(List.of(), left.filter(file -> file.getFileName().toString().startsWith("job-ids-")).toList());
        } catch (IOException e) {
            throw new AssertionError("the spill directory exists once a job spilled", e);
        }
    }

    @Test
    void everyUnusableInputFailsWithAReasonToActOn() {
        Map<String, String> reasons = Map.of(
                "wrong-header.csv", "Line 1 of " + files.url("wrong-header.csv") + " is not the header USER_ID:"
                        + " the file must start with USER_ID alone on its first line.",
                "empty.csv", files.url("empty.csv") + " is empty: it must start with the header row USER_ID.",
                "bad-row.csv", "Line 3 of " + files.url("bad-row.csv") + " has an empty user id.",
                "missing.csv", "The data source " + files.url("missing.csv") + " does not exist: its server has no"
                        + " file there; check the location.",
                "slow.csv", "Reading the data source " + files.url("slow.csv") + " timed out: no data arrived for 1"
                        + " seconds (personalize.worker.read-timeout).",
                "oversized.csv", "The data source " + files.url("oversized.csv") + " is larger than 4194304 bytes,"
                        + " the most a job reads (personalize.worker.max-input-size); split it into several jobs.");
        Map<String, String> arns = new HashMap<>();
        reasons.keySet().forEach(file -> arns.put(file, create(files.url(file))));
        reasons.forEach((file, reason) -> {
            JsonPath job = settle(arns.get(file));
            assertEquals("FAILED", job.getString("status"), file);
            assertEquals(reason, job.getString("failureReason"), file);
            assertNull(job.get("numDeleted"), file);
        });
        JsonPath s3 = settle(create("s3://bucket/users.csv"));
        assertEquals("FAILED", s3.getString("status"));
        assertTrue(s3.getString("failureReason").contains("personalize.s3.endpoint"));
    }

    @Test
    void cloudMetadataFailsTheJobThoughPrivateSourcesAreAllowed() {
        // The worker under test allows private sources; metadata endpoints stay refused, before any packet is sent.
        for (String location : new String[] { "http://[fd00:ec2::254]/latest/meta-data/",
                "http://100.100.100.200/latest/meta-data/" }) {
            JsonPath job = settle(create(location));
            assertEquals("FAILED", job.getString("status"), location);
            assertEquals("The data source " + location + " is refused: its host resolves to a cloud metadata address,"
                    + " which this service never reads (personalize.worker.allow-private-sources"
                    + " (PERSONALIZE_WORKER_ALLOW_PRIVATE_SOURCES) does not open it).", job.getString("failureReason"));
        }
    }

    @Test
    void aSourceThatDripsFailsAtTheDeadlineWhileOtherJobsComplete() {
        // One byte every 400 ms never trips the 1 s read timeout; only the 5 s job timeout ends it.
        String dripping = create(files.url("drip.csv"));
        files.put("beside-drip.csv", "USER_ID\nann\nben\n");
        String beside = create(files.url("beside-drip.csv"));
        JsonPath completed = settle(beside);
        assertEquals("COMPLETED", completed.getString("status"));
        assertEquals(2, completed.getInt("numDeleted"));

        JsonPath stopped = settle(dripping);
        assertEquals("FAILED", stopped.getString("status"));
        assertEquals("The job did not finish within 5 seconds (personalize.worker.job-timeout) while reading "
                + files.url("drip.csv") + "; serve the data source faster or split it into several jobs.",
                stopped.getString("failureReason"));
        assertTrue(completed.<BigDecimal> get("lastUpdatedDateTime").compareTo(stopped.get("lastUpdatedDateTime")) < 0,
                "the other job completed while the dripping one still held its slot");
    }

    @Test
    void bothInterfacesShowTheOutcome() {
        String arn = create(files.url("good.csv"));
        settle(arn);
        JsonPath node = graphql("query($arn: ID!) { dataDeletionJob(arn: $arn) { status numDeleted failureReason } }",
                variables("arn", arn)).then().statusCode(200).extract().jsonPath();
        assertEquals("COMPLETED", node.getString("data.dataDeletionJob.status"));
        assertEquals(3, node.getInt("data.dataDeletionJob.numDeleted"));
    }

    @Test
    void racingWorkersNeverRunAJobTwice() throws Exception {
        for (int i = 0; i < 50; i++) {
            files.put("race/" + i + ".csv", "USER_ID\nuser-" + i + "\n");
        }
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.parallelism", 4).config();
        List<JobWorker> rivals = List.of(
                new JobWorker(store, reader, Clock.systemUTC(), jobMetrics, settings, "rival-1"),
                new JobWorker(store, reader, Clock.systemUTC(), jobMetrics, settings, "rival-2"));
        AtomicBoolean racing = new AtomicBoolean(true);
        List<Thread> loops = new ArrayList<>();
        for (JobWorker rival : rivals) {
            Thread loop = new Thread(() -> {
                while (racing.get()) {
                    rival.poll();
                    Thread.onSpinWait();
                }
            });
            loop.start();
            loops.add(loop);
        }
        try {
            List<String> arns = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                arns.add(create(files.url("race/" + i + ".csv")));
            }
            for (String arn : arns) {
                assertEquals("COMPLETED", settle(arn).getString("status"));
            }
            for (int i = 0; i < 50; i++) {
                assertEquals(1, files.reads("race/" + i + ".csv"), "reads of job " + i);
            }
        } finally {
            racing.set(false);
            for (Thread loop : loops) {
                loop.join();
            }
            rivals.forEach(JobWorker::stop);
        }
    }

    @Test
    void aJobWhoseLeaseLapsedIsClaimedAgain() {
        files.put("orphan.csv", "USER_ID\nx\ny\n");
        String arn = orphans.plant(newJobName(), newDatasetGroupArn(), files.url("orphan.csv"));

        JsonPath job = settle(arn);
        assertEquals("COMPLETED", job.getString("status"));
        assertEquals(2, job.getInt("numDeleted"));
        assertEquals(1, files.reads("orphan.csv"));
    }

    @Test
    void aStoppingWorkerHandsItsJobBack() throws Exception {
        // Its reader waits 30 s for a byte (the service's, 1 s): uncut, the stalled read would outlast the wait below.
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.drain-timeout", "100ms").config();
        DataSourceReader patient = new DataSourceReader(settings);
        String[] claimed;
        try {
            JobWorker stopping = new JobWorker(store, patient, Clock.systemUTC(), jobMetrics, settings, "stopping");
            claimed = claimWith(stopping, "handed-back", file -> files.put(file, "USER_ID\nz\n").stall(file, 10_000));
            assertEquals(1, stopping.running(), "the stopping worker holds a job");
            stopping.stop();
            // Its stalled read is cut off with the hand-back: the replica does not wait for it to end.
            awaitIdle(stopping, Duration.ofSeconds(5));
        } finally {
            patient.close();
        }

        // Handed back as PENDING within the drain timeout, then run again, to its end, by the service's worker.
        JsonPath job = settle(claimed[1]);
        assertEquals("FAILED", job.getString("status"), "the stalled read times out wherever it runs");
        assertEquals(2, files.reads(claimed[0]));
    }

    @Test
    void anOutcomeTheStoreFailedToRecordIsWrittenAgain() {
        FaultyStore faulty = new FaultyStore(store).failNext("finish", 2);
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.drain-timeout", "100ms").config();
        JobWorker recording = new JobWorker(faulty.store(), reader, Clock.systemUTC(), jobMetrics, settings,
                "recording");
        try {
            String[] claimed = claimWith(recording, "recorded-again", file -> files.put(file, "USER_ID\na\nb\na\n"));
            JsonPath job = settle(claimed[1]);
            assertEquals("COMPLETED", job.getString("status"));
            assertEquals(2, job.getInt("numDeleted"));
            assertEquals(1, files.reads(claimed[0]), "the outcome was written again, not the job run again");
            assertEquals(3, faulty.calls("finish"));
        } finally {
            recording.stop();
        }
    }

    @Test
    void anOutcomeTheStoreFailedToRecordIsWrittenAgainWhileTheWorkerStops() {
        FaultyStore faulty = new FaultyStore(store).failNext("finish", 1);
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.drain-timeout", "10s").config();
        JobWorker stopping = new JobWorker(faulty.store(), reader, Clock.systemUTC(), jobMetrics, settings,
                "stopping-recorder");
        try (LogCapture log = LogCapture.of("dev.deletionjobs")) {
            // A byte every 50 ms: still reading when the worker is told to stop.
            String[] claimed = claimWith(stopping, "recorded-while-stopping",
                    file -> files.put(file, "USER_ID\na\nb\na\n").drip(file, 50));
            stopping.stop();
            JsonPath job = settle(claimed[1]);
            assertEquals("COMPLETED", job.getString("status"));
            assertEquals(1, files.reads(claimed[0]), "the outcome was written again within the drain");
            assertEquals(2, faulty.calls("finish"));
            assertEquals(List.of(), log.errors());
        }
    }

    @Test
    void aJobAnotherWriterEndedIsLeftAtOnce() throws Exception {
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.lease", "2s")
                .set("personalize.worker.drain-timeout", "100ms").set("personalize.worker.job-timeout", "30s").config();
        JobWorker overruled = new JobWorker(store, reader, Clock.systemUTC(), jobMetrics, settings,
                "overruled");
        try (SecondWriter operator = SecondWriter.ofRunningApplication();
                LogCapture log = LogCapture.of("dev.deletionjobs")) {
            // A byte every 100 ms: a minute and more of reading, unless the worker lets go.
            String[] claimed = claimWith(overruled, "overruled",
                    file -> files.put(file, "USER_ID\n" + "u\n".repeat(400)).drip(file, 100));
            operator.changeStatus(claimed[1], JobStatus.FAILED, null, "Stopped by an operator.", Instant.now());
            // The next renewal (every third of the 2 s lease) finds the job is no longer this worker's.
            awaitIdle(overruled, Duration.ofSeconds(10));
            JsonPath job = settle(claimed[1]);
            assertEquals("FAILED", job.getString("status"));
            assertEquals("Stopped by an operator.", job.getString("failureReason"), "the other writer's outcome stays");
            assertEquals(List.of(), log.errors());
        } finally {
            overruled.stop();
        }
    }

    /**
     * Creates jobs reading a file {@code serve} puts up until {@code worker}, polling without pause, claims one (the
     * service's own worker polls every second and may win); returns the file and the job's ARN.
     */
    private static String[] claimWith(JobWorker worker, String prefix, Consumer<String> serve) {
        for (int attempt = 0; attempt < 5; attempt++) {
            String file = prefix + "-" + attempt + ".csv";
            serve.accept(file);
            String arn = create(files.url(file));
            long deadline = System.currentTimeMillis() + 2_000;
            while (files.reads(file) == 0 && System.currentTimeMillis() < deadline) {
                if (worker.poll() > 0) {
                    return new String[] { file, arn };
                }
            }
        }
        throw new AssertionError("the worker under test never won a claim");
    }

    private static void awaitIdle(JobWorker worker, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (worker.running() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the worker still runs its job after " + within);
            }
            Thread.sleep(5);
        }
    }

    private static String create(String location) {
        Map<String, Object> request = createRequest(newJobName(), newDatasetGroupArn());
        request.put("dataSource", Map.of("dataLocation", location));
        return call("CreateDataDeletionJob", request).then().statusCode(200).extract().path("dataDeletionJobArn");
    }

    /** Describes the job until it is COMPLETED or FAILED. */
    private static JsonPath settle(String arn) {
        long deadline = System.currentTimeMillis() + SETTLE.toMillis();
        while (true) {
            JsonPath job = call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).then().statusCode(200)
                    .extract().jsonPath(JsonPathConfig.jsonPathConfig()
                            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL))
                    .setRootPath("dataDeletionJob");
            String status = job.getString("status");
            if ("COMPLETED".equals(status) || "FAILED".equals(status)) {
                return job;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(arn + " did not settle within " + SETTLE + ": " + status);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
