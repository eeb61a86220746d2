package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import dev.deletionjobs.job.StatusCounts;
import dev.deletionjobs.metrics.JobMetrics;
import dev.deletionjobs.testing.FaultyStore;
import dev.deletionjobs.testing.TestSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The queue under jobs that break their workers and tenants that flood it: attempts end a poison job, the per-account
 * cap holds across racing workers, leases run on the store's clock, and a claim that races with shutdown goes back.
 * Every job here belongs to an account of its own test, read by a {@link ScriptedReader}.
 */
@QuarkusTest
@TestProfile(QueueTestProfile.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobQueueTest {

    private static final Duration SETTLE = Duration.ofSeconds(20);

    @Inject
    DataDeletionJobStore store;

    @Inject
    JobMetrics jobMetrics;

    @Inject
    MeterRegistry meters;

    @Test
    void aJobThatBreaksTheJvmFailsOnceItUsedUpItsAttempts() throws Exception {
        ScriptedReader reader = new ScriptedReader().on("poison", () -> {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        });
        DataDeletionJob job = insert(newAccount(), "poison", Instant.now());
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.lease", "300ms")
                .set("personalize.worker.max-attempts", 3).config();

        try (Fleet fleet = new Fleet(reader, settings, Clock.systemUTC(), "poisoned-1", "poisoned-2")) {
            DataDeletionJob failed = settle(job);
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals(JobWorker.gaveUp(3), failed.failureReason());
            assertTrue(failed.failureReason().startsWith("The job gave up after 3 attempts: "));
            assertNull(failed.numDeleted());
        }
        assertEquals(3, reader.reads("poison"), "each attempt read the job once, and no attempt followed the last");
    }

    @Test
    void anErrorThatLeavesTheJvmSoundFailsTheJobAtOnce() throws Exception {
        ScriptedReader reader = new ScriptedReader().on("linkage", () -> {
            throw new NoClassDefFoundError("a class the reader needs (thrown by the test)");
        });
        DataDeletionJob job = insert(newAccount(), "linkage", Instant.now());

        try (Fleet fleet = new Fleet(reader, TestSettings.defaults(), Clock.systemUTC(), "linkage-1")) {
            DataDeletionJob failed = settle(job);
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals(JobWorker.INTERNAL_FAILURE, failed.failureReason());
        }
        assertEquals(1, reader.reads("linkage"));
    }

    @Test
    void oneAccountRunsAtMostItsCapWhileAnotherAccountsJobRuns() throws Exception {
        String busy = newAccount();
        String other = newAccount();
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger busyRunning = new AtomicInteger();
        AtomicInteger busyMostAtOnce = new AtomicInteger();
        ScriptedReader reader = new ScriptedReader();
        Instant oldest = Instant.now().minusSeconds(60);
        List<DataDeletionJob> busyJobs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String location = "busy-" + i;
            reader.on(location, () -> {
                busyMostAtOnce.accumulateAndGet(busyRunning.incrementAndGet(), Math::max);
                try {
                    finish.await();
                    return 1;
                } finally {
                    busyRunning.decrementAndGet();
                }
            });
            busyJobs.add(insert(busy, location, oldest.plusMillis(i)));
        }
        reader.on("other", () -> {
            finish.await();
            return 1;
        });
        // The other account's only job is the newest: only the cap lets it overtake the busy account's third.
        DataDeletionJob otherJob = insert(other, "other", Instant.now());
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.parallelism", 2)
                .set("personalize.worker.max-running-per-account", 2).config();

        try (Fleet fleet = new Fleet(reader, settings, Clock.systemUTC(), "capped-1", "capped-2", "capped-3")) {
            try {
                awaitTrue(() -> busyRunning.get() >= 2 && reader.reads("other") == 1,
                        "two of the busy account's jobs and the other account's job run");
                // Six free slots keep polling: a third job of the busy account must still not start.
                Thread.sleep(1_000);
                assertEquals(2, busyMostAtOnce.get(), "the busy account's jobs running at once");
                assertEquals(0, reader.reads("busy-2"), "the busy account's third job waits for a slot of its own");
            } finally {
                finish.countDown();
            }
            for (DataDeletionJob job : busyJobs) {
                assertEquals(JobStatus.COMPLETED, settle(job).status());
            }
            assertEquals(JobStatus.COMPLETED, settle(otherJob).status());
        }
        assertEquals(2, busyMostAtOnce.get(), "never more than the cap of one account at once");
        for (int i = 0; i < 3; i++) {
            assertEquals(1, reader.reads("busy-" + i));
        }
    }

    @Test
    void aLeaseThatLapsedIsNotRenewed() throws Exception {
        // The oldest job waiting, so the claim below takes it.
        DataDeletionJob job = insert(newAccount(), "lapsing", Instant.now().minus(Duration.ofDays(3650)));
        String owner = "lapsing-" + UUID.randomUUID();
        // A long lease to claim, however slow the first calls of a new replica: the renewal shortens it.
        DataDeletionJob claimed = store.claimNext(owner, Duration.ofSeconds(60), 1, 3, Instant.now()).orElseThrow();
        assertEquals(job.arn(), claimed.arn());
        assertTrue(store.renewLease(job.arn(), owner, Duration.ofMillis(300)), "a live lease is renewed");

        Thread.sleep(800);
        // Lapsed, the job may be another worker's already, and may have let another of its account's jobs start: a
        // worker cut off from the store for longer than its lease lets go of it.
        assertFalse(store.renewLease(job.arn(), owner, Duration.ofSeconds(60)), "a lapsed lease was renewed");
        String next = "next-" + UUID.randomUUID();
        DataDeletionJob again = store.claimNext(next, Duration.ofSeconds(60), 1, 3, Instant.now()).orElseThrow();
        assertEquals(job.arn(), again.arn());
        assertFalse(store.finish(job.arn(), owner, JobOutcome.completed(1), Instant.now()),
                "the lapsed claim finished the job over the new one");
        // Finished by its new owner: left running, the oldest job would be claimed again by later tests once its lease
        // lapsed.
        assertTrue(store.finish(job.arn(), next, JobOutcome.completed(1), Instant.now()));
    }

    @Test
    void aJobThisWorkerClaimsAgainAfterItsLeaseLapsedEndsWithTheNewRunsOutcome() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch secondRunStarted = new CountDownLatch(1);
        ScriptedReader reader = new ScriptedReader().on("reclaimed", () -> {
            if (runs.incrementAndGet() == 1) {
                // The first run outlives its lease (its renewals fail) and ends once the second has begun.
                secondRunStarted.await();
                return 5;
            }
            secondRunStarted.countDown();
            Thread.sleep(500);
            return 9;
        });
        DataDeletionJob job = insert(newAccount(), "reclaimed", Instant.now().minus(Duration.ofDays(3650)));
        FaultyStore faulty = new FaultyStore(store).failNext("renewLease", Integer.MAX_VALUE);
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.lease", "1s")
                .set("personalize.worker.parallelism", 2).config();
        JobWorker worker = new JobWorker(faulty.store(), reader, Clock.systemUTC(), jobMetrics, settings,
                "reclaiming-" + UUID.randomUUID());
        try {
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (runs.get() < 2 && System.nanoTime() < deadline) {
                worker.poll();
                Thread.sleep(50);
            }
            assertEquals(2, runs.get(), "the same worker claimed the job again once its lease lapsed");
            DataDeletionJob done = settle(job);
            // The first run's outcome is not the job's: the job was claimed again, and that claim's run ends it.
            assertEquals(JobStatus.COMPLETED, done.status());
            assertEquals(9, done.numDeleted());
        } finally {
            worker.stop();
        }
    }

    @Test
    void aJobWhoseLeaseLapsedWhileTheStoreWasOutOfReachIsHandedBackWithoutCostingAnAttempt() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch storeBack = new CountDownLatch(1);
        ScriptedReader reader = new ScriptedReader().on("outage", () -> {
            if (runs.incrementAndGet() == 1) {
                // Reads on through the outage; by the time it ends, the job is no longer this run's.
                storeBack.await();
                return 5;
            }
            return 9;
        });
        DataDeletionJob job = insert(newAccount(), "outage", Instant.now().minus(Duration.ofDays(3650)));
        // Renewals every third of a second fail for two seconds: the lease of one second lapses, unclaimed.
        FaultyStore faulty = new FaultyStore(store).failNext("renewLease", 6);
        PersonalizeConfig settings = new TestSettings().set("personalize.worker.lease", "1s")
                .set("personalize.worker.max-attempts", 1).config();
        JobWorker worker = new JobWorker(faulty.store(), reader, Clock.systemUTC(), jobMetrics, settings,
                "outage-" + UUID.randomUUID());
        try {
            assertEquals(1, worker.poll());
            // Let go once a renewal finds the lease lapsed, and handed back: the outage cost it no attempt.
            awaitTrue(() -> store.findByArn(job.scope(), job.arn(), JobReading.WHOLE).orElseThrow()
                    .status() == JobStatus.PENDING, "the job is handed back as PENDING");
            storeBack.countDown();
            // Its one attempt given back: claimed again rather than given up.
            awaitTrue(() -> worker.poll() == 1 || runs.get() == 2, "the job is claimed again");
            DataDeletionJob done = settle(job);
            assertEquals(JobStatus.COMPLETED, done.status(), String.valueOf(done.failureReason()));
            assertEquals(9, done.numDeleted());
        } finally {
            storeBack.countDown();
            worker.stop();
        }
    }

    @Test
    void aReplicaWhoseClockRunsAheadLeavesALiveLeaseAlone() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        ScriptedReader reader = new ScriptedReader().on("held", () -> {
            finish.await();
            return 7;
        });
        DataDeletionJob job = insert(newAccount(), "held", Instant.now());

        try (Fleet holder = new Fleet(reader, TestSettings.defaults(), Clock.systemUTC(), "on-time")) {
            Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
            JobWorker hurried = new JobWorker(store, reader, ahead, jobMetrics, TestSettings.defaults(), "ahead");
            try {
                awaitTrue(() -> reader.reads("held") == 1, "the job runs");
                for (int i = 0; i < 5; i++) {
                    hurried.poll();
                }
                assertEquals(0, hurried.running(), "its own clock says the lease lapsed; the store's says it holds");
            } finally {
                finish.countDown();
                hurried.stop();
            }
            DataDeletionJob done = settle(job);
            assertEquals(JobStatus.COMPLETED, done.status());
            assertEquals(7, done.numDeleted());
        }
        assertEquals(1, reader.reads("held"));
    }

    @Test
    void aClaimThatRacesWithShutdownIsHandedBackAtOnceWithoutCostingAnAttempt() throws Exception {
        ScriptedReader reader = new ScriptedReader().on("raced", () -> {
            throw new OutOfMemoryError("Java heap space (thrown by the test)");
        });
        DataDeletionJob job = insert(newAccount(), "raced", Instant.now());
        StopsDuringClaim racing = new StopsDuringClaim(store);
        JobWorker stopping = new JobWorker(racing, reader, Clock.systemUTC(), jobMetrics, TestSettings.defaults(),
                "stopping-" + UUID.randomUUID());
        racing.worker = stopping;

        assertEquals(0, stopping.poll(), "the claim came back after stop() began");
        racing.stopper.join();
        assertEquals(job.arn(), racing.claimed.orElseThrow().arn());
        assertEquals(0, stopping.running());
        assertEquals(JobStatus.PENDING, store.findByArn(job.scope(), job.arn(), JobReading.WHOLE).orElseThrow().status(),
                "handed back at once, not left to wait out its lease");
        assertEquals(0, reader.reads("raced"));

        // Two attempts left means two runs: the claim that was handed back did not count.
        PersonalizeConfig twoAttempts = new TestSettings().set("personalize.worker.lease", "300ms")
                .set("personalize.worker.max-attempts", 2).config();
        try (Fleet fleet = new Fleet(reader, twoAttempts, Clock.systemUTC(), "after-shutdown")) {
            DataDeletionJob failed = settle(job);
            assertEquals(JobStatus.FAILED, failed.status());
            assertEquals(JobWorker.gaveUp(2), failed.failureReason());
        }
        assertEquals(2, reader.reads("raced"));
    }

    @Test
    void anAccountKeepsTheJobsThatFinishedLastAndEveryJobThatWaits() throws Exception {
        String account = newAccount();
        CountDownLatch release = new CountDownLatch(1);
        ScriptedReader reader = new ScriptedReader().on("held", () -> {
            release.await();
            return 3;
        });
        Instant oldest = Instant.now().minusSeconds(60);
        // The oldest job is claimed first and runs until released: older than every finished job, and kept.
        DataDeletionJob held = insert(account, "held", oldest);
        // The account's job in another region finishes first: one history across regions, so it goes too.
        reader.on("elsewhere", () -> 1);
        DataDeletionJob elsewhere = insert(new AccountScope(account, "eu-west-1"), "elsewhere", oldest.plusMillis(1));
        // Pruned at the account's first finish (the other region's job; nothing to prune) and at the 100th after it
        // (the 100th quick job): the two that finished last kept, then the last quick job finishes.
        int jobs = JobWorker.PRUNE_EVERY + 1;
        // What that prune deletes: every quick job but the last three, and the other region's.
        int pruned = jobs - 3 + 1;
        double prunedBefore = prunedCount();
        List<DataDeletionJob> quick = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            boolean fails = i % 2 == 1;
            boolean last = i == jobs - 1;
            reader.on("quick-" + i, () -> {
                // A millisecond apart at least: which jobs finished last is then the test's to know.
                Thread.sleep(2);
                if (last) {
                    // The prune runs on the runner thread after the job before this one finished, and the account's
                    // slot is free by then: finished first, this one would be kept in its place.
                    awaitTrue(() -> prunedCount() - prunedBefore >= pruned, "the prune before the last job");
                }
                if (fails) {
                    throw new InputProblem("The file is not a CSV (thrown by the test).");
                }
                return 1;
            });
            quick.add(insert(account, "quick-" + i, oldest.plusMillis(2 + i)));
        }
        reader.on("neighbour", () -> 1);
        DataDeletionJob neighbours = insert(newAccount(), "neighbour", oldest);
        // One slot runs the held job, one the quick ones in turn (each PENDING until then), one the neighbour's.
        PersonalizeConfig settings = new TestSettings().set("personalize.jobs.max-finished-per-account", 2)
                .set("personalize.worker.parallelism", 3).set("personalize.worker.max-running-per-account", 2)
                .config();

        try (Fleet fleet = new Fleet(reader, settings, Clock.systemUTC(), "pruning")) {
            try {
                awaitTrue(() -> reader.reads("quick-" + (jobs - 1)) == 1 && remaining(quick).size() == 3
                        && remaining(quick).stream().allMatch(job -> job.status() != JobStatus.PENDING),
                        "every quick job ran, and the older ones were deleted");
                assertEquals(quick.subList(jobs - 3, jobs).stream().map(DataDeletionJob::arn).toList(),
                        remaining(quick).stream().map(DataDeletionJob::arn).toList(),
                        "the two that finished last when it pruned, and the one that finished after");
                assertEquals(JobStatus.IN_PROGRESS, remaining(List.of(held)).get(0).status(),
                        "the running job, created before every one deleted, is kept");
                assertEquals(List.of(), remaining(List.of(elsewhere)), "the job in another region, finished first");
                assertEquals(JobStatus.COMPLETED, settle(neighbours).status(), "another account's history is its own");
            } finally {
                release.countDown();
            }
            DataDeletionJob finished = settle(held);
            assertEquals(JobStatus.COMPLETED, finished.status());
            assertEquals(3, finished.numDeleted());
        }
        assertEquals(pruned, prunedCount() - prunedBefore, "the metric counts each job deleted");
        assertEquals(1, reader.reads("elsewhere"));
        for (int i = 0; i < jobs; i++) {
            assertEquals(1, reader.reads("quick-" + i), "every job ran before it was deleted");
        }
    }

    /** Of {@code jobs}, the ones the store still has, as they are now. */
    private List<DataDeletionJob> remaining(List<DataDeletionJob> jobs) {
        AccountScope scope = jobs.get(0).scope();
        List<DataDeletionJob> found = store.findByArns(scope, jobs.stream().map(DataDeletionJob::arn).toList(),
                JobReading.WITHOUT_TAGS);
        return jobs.stream().flatMap(job -> found.stream().filter(kept -> kept.arn().equals(job.arn()))).toList();
    }

    private double prunedCount() {
        return meters.get("personalize.jobs.pruned").counter().count();
    }

    /** Workers that poll without pause until closed, then stop. */
    private final class Fleet implements AutoCloseable {

        private final List<JobWorker> workers = new ArrayList<>();
        private final List<Thread> loops = new ArrayList<>();
        private final AtomicBoolean polling = new AtomicBoolean(true);

        Fleet(DataSourceReader reader, PersonalizeConfig settings, Clock clock, String... owners) {
            for (String owner : owners) {
                JobWorker worker = new JobWorker(store, reader, clock, jobMetrics, settings,
                        owner + "-" + UUID.randomUUID());
                workers.add(worker);
                Thread loop = new Thread(() -> {
                    while (polling.get()) {
                        worker.poll();
                        Thread.onSpinWait();
                    }
                }, "poll-" + owner);
                loop.start();
                loops.add(loop);
            }
        }

        @Override
        public void close() throws InterruptedException {
            polling.set(false);
            for (Thread loop : loops) {
                loop.join();
            }
            workers.forEach(JobWorker::stop);
        }
    }

    /** Reads scripts instead of files: each location names what reading it does. */
    static final class ScriptedReader extends DataSourceReader {

        interface Script {
            int read() throws Exception;
        }

        private final Map<String, Script> scripts = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

        ScriptedReader() {
            super(TestSettings.defaults());
        }

        ScriptedReader on(String location, Script script) {
            scripts.put(location, script);
            return this;
        }

        int reads(String location) {
            return reads.getOrDefault(location, new AtomicInteger()).get();
        }

        @Override
        public int countUserIds(String location, SourceAccess access, JobDeadline deadline) throws InputProblem {
            reads.computeIfAbsent(location, key -> new AtomicInteger()).incrementAndGet();
            Script script = scripts.get(location);
            if (script == null) {
                throw new InputProblem("No script for " + location + " in this test.");
            }
            try {
                return script.read();
            } catch (InputProblem | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * The store, except that its claim lets {@code worker.stop()} begin before it answers: the race of a scheduled
     * poll with a shutdown, made to happen every time.
     */
    static final class StopsDuringClaim implements DataDeletionJobStore {

        private final DataDeletionJobStore store;
        volatile JobWorker worker;
        volatile Thread stopper;
        volatile Optional<DataDeletionJob> claimed;

        StopsDuringClaim(DataDeletionJobStore store) {
            this.store = store;
        }

        @Override
        public Optional<DataDeletionJob> claimNext(String owner, Duration lease, int maxRunningPerAccount,
                int maxAttempts, Instant now) {
            claimed = store.claimNext(owner, lease, maxRunningPerAccount, maxAttempts, now);
            stopper = new Thread(worker::stop, "stopper");
            stopper.start();
            // stop() has begun once it waits for this claim to end.
            while (stopper.getState() != Thread.State.BLOCKED) {
                Thread.onSpinWait();
            }
            return claimed;
        }

        @Override
        public void prepare() {
            store.prepare();
        }

        @Override
        public boolean insert(DataDeletionJob job) {
            return store.insert(job);
        }

        @Override
        public Optional<DataDeletionJob> findByArn(AccountScope scope, String arn, JobReading reading) {
            return store.findByArn(scope, arn, reading);
        }

        @Override
        public List<DataDeletionJob> findByArns(AccountScope scope, Collection<String> arns, JobReading reading) {
            return store.findByArns(scope, arns, reading);
        }

        @Override
        public List<DataDeletionJob> findPage(AccountScope scope, JobFilter filter, ListPosition from,
                ListOrder order, ListDirection direction, int limit, JobReading reading) {
            return store.findPage(scope, filter, from, order, direction, limit, reading);
        }

        @Override
        public boolean existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
                ListDirection direction) {
            return store.existsFrom(scope, filter, from, order, direction);
        }

        @Override
        public long count(AccountScope scope, JobFilter filter) {
            return store.count(scope, filter);
        }

        @Override
        public long countWaiting(String accountId, int atMost) {
            return store.countWaiting(accountId, atMost);
        }

        @Override
        public StatusCounts countByStatus(AccountScope scope, JobFilter filter) {
            return store.countByStatus(scope, filter);
        }

        @Override
        public List<String> giveUp(int maxAttempts, String reason, Instant now) {
            return store.giveUp(maxAttempts, reason, now);
        }

        @Override
        public boolean renewLease(String arn, String owner, Duration lease) {
            return store.renewLease(arn, owner, lease);
        }

        @Override
        public boolean finish(String arn, String owner, JobOutcome outcome, Instant now) {
            return store.finish(arn, owner, outcome, now);
        }

        @Override
        public boolean release(String arn, String owner, Instant now) {
            return store.release(arn, owner, now);
        }

        @Override
        public int pruneFinished(String accountId, int kept, int atMost) {
            return store.pruneFinished(accountId, kept, atMost);
        }

        @Override
        public long countByStatus(JobStatus status) {
            return store.countByStatus(status);
        }

        @Override
        public Optional<Instant> oldestPendingCreation() {
            return store.oldestPendingCreation();
        }

        @Override
        public boolean isUnreachable(Throwable failure) {
            return store.isUnreachable(failure);
        }
    }

    private DataDeletionJob insert(String accountId, String location, Instant created) {
        return insert(new AccountScope(accountId, "us-east-1"), location, created);
    }

    private DataDeletionJob insert(AccountScope scope, String location, Instant created) {
        String accountId = scope.accountId();
        String name = "queued-" + UUID.randomUUID();
        Instant at = created.truncatedTo(ChronoUnit.MILLIS);
        DataDeletionJob job = new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name,
                "arn:aws:personalize:us-east-1:" + accountId + ":dataset-group/queue", location,
                "arn:aws:iam::" + accountId + ":role/R", List.of(), JobStatus.PENDING, null, null, at, at);
        assertTrue(store.insert(job));
        return job;
    }

    /** An account no other test uses, so its cap and its jobs are this test's alone. */
    private static String newAccount() {
        return String.format("%012d", ThreadLocalRandom.current().nextLong(1_000_000_000_000L));
    }

    /** Reads the job until it is COMPLETED or FAILED. */
    private DataDeletionJob settle(DataDeletionJob job) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE.toMillis();
        while (true) {
            DataDeletionJob now = store.findByArn(job.scope(), job.arn(), JobReading.WHOLE).orElseThrow();
            if (now.status() == JobStatus.COMPLETED || now.status() == JobStatus.FAILED) {
                return now;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(job.arn() + " did not settle within " + SETTLE + ": " + now.status());
            }
            Thread.sleep(20);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + SETTLE.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not within " + SETTLE + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
