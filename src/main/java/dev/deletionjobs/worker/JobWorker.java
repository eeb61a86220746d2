package dev.deletionjobs.worker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.metrics.JobMetrics;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * Runs data deletion jobs in every replica: claims one {@code PENDING} job at a time through the store's atomic claim
 * (so no job runs twice at once, and no account runs more than its cap across the fleet), holds it
 * under a lease by the store's clock that it renews while the job runs (so a job whose replica died is claimed again
 * once the lease lapses, until it used up its attempts), reads and counts its input, records the outcome, and keeps
 * each account's history of finished jobs to its bound. A stopping replica finishes its jobs within the drain timeout
 * and hands the rest back as {@code PENDING}.
 */
@Singleton
public class JobWorker {

    /** The reason recorded when the service itself, not the input, made a job fail. */
    static final String INTERNAL_FAILURE = "The job failed because of an internal error of the service; create it"
            + " again under another name.";

    private static final long FIRST_RECORD_BACKOFF_MILLIS = 250;
    private static final long MAX_RECORD_BACKOFF_MILLIS = 4_000;
    /**
     * An account's history is pruned at its first finish in this replica, then at every this many: each prune reads
     * the history it keeps, so the read is shared by this many jobs, and the history may hold this many more per
     * replica between prunes.
     */
    static final int PRUNE_EVERY = 100;
    /** How many of an account's old finished jobs one statement deletes. */
    static final int PRUNE_BATCH = 1_000;
    /** More accounts than this between prunes, and each one's next finish prunes: the count stays small. */
    private static final int MAX_COUNTED_ACCOUNTS = 10_000;

    private final DataDeletionJobStore store;
    private final DataSourceReader reader;
    private final Clock clock;
    private final JobMetrics metrics;
    private final PersonalizeConfig.Worker settings;
    private final int maxFinishedPerAccount;
    /** The accounts that finished jobs here since their last prune, and how many. */
    private final Map<String, Integer> finishedSincePrune = new ConcurrentHashMap<>();
    private final String owner;
    private final AtomicLong claims = new AtomicLong();
    private final Semaphore slots;
    /** The jobs this worker runs, by ARN. */
    private final Map<String, Running> held = new ConcurrentHashMap<>();
    private final ExecutorService runners;
    private final ScheduledExecutorService leaseKeeper;
    /** Held by each claim and by {@link #stop()} as it shuts the runners: a claim never outlives the runners. */
    private final Object claiming = new Object();
    private volatile boolean stopping;
    /** No more claims: set as the replica begins to stop, and by {@link #stop()} when nothing told it earlier. */
    private volatile boolean claimsStopped;

    @Inject
    JobWorker(DataDeletionJobStore store, DataSourceReader reader, Clock clock, JobMetrics metrics,
            PersonalizeConfig config) {
        this(store, reader, clock, metrics, config, hostName() + "/" + UUID.randomUUID());
    }

    /** A worker with its own identity: each replica has one; tests build several to race them. */
    public JobWorker(DataDeletionJobStore store, DataSourceReader reader, Clock clock, JobMetrics metrics,
            PersonalizeConfig config, String owner) {
        this.store = store;
        this.reader = reader;
        this.clock = clock;
        this.metrics = metrics;
        this.settings = config.worker();
        this.maxFinishedPerAccount = config.jobs().maxFinishedPerAccount();
        this.owner = owner;
        this.slots = new Semaphore(settings.parallelism());
        AtomicInteger threads = new AtomicInteger();
        this.runners = Executors.newFixedThreadPool(settings.parallelism(),
                task -> daemon(task, "job-runner-" + threads.incrementAndGet()));
        this.leaseKeeper = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "job-lease-keeper"));
        long renewEvery = Math.max(1, settings.lease().toMillis() / 3);
        leaseKeeper.scheduleWithFixedDelay(this::renewLeases, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    }

    @Scheduled(every = "${personalize.worker.poll-interval}", delayed = "${personalize.worker.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledPoll() {
        if (settings.enabled()) {
            poll();
        }
    }

    /**
     * Fails the jobs that used up their attempts, then claims and starts jobs while this worker has free slots and
     * jobs are waiting; returns how many it started.
     */
    public int poll() {
        // A poll the scheduler started as the replica stops would reach a store that is closing, or start a job the
        // drain would only hand back.
        if (claimsStopped) {
            return 0;
        }
        giveUpExhaustedJobs();
        int started = 0;
        while (!claimsStopped && slots.tryAcquire()) {
            synchronized (claiming) {
                Optional<DataDeletionJob> claimed;
                // Each claim its own name: a job this worker claims again after its lease lapsed (the store gone for
                // longer than a lease) is a new claim, and the run of the old one can neither renew nor finish it.
                String claim = owner + "#" + claims.incrementAndGet();
                try {
                    claimed = store.claimNext(claim, settings.lease(), settings.maxRunningPerAccount(),
                            settings.maxAttempts(), now());
                } catch (RuntimeException e) {
                    slots.release();
                    Log.warnf("Cannot claim a job: %s", e.getMessage());
                    return started;
                }
                if (claimed.isEmpty()) {
                    slots.release();
                    return started;
                }
                DataDeletionJob job = claimed.get();
                metrics.transitioned(JobStatus.IN_PROGRESS);
                if (stopping) {
                    slots.release();
                    handBack(job.arn(), claim, "claimed as this worker began stopping");
                    return started;
                }
                Running running = new Running(claim, JobDeadline.after(settings.jobTimeout()));
                Running earlier = held.put(job.arn(), running);
                if (earlier != null) {
                    earlier.leave("claimed again by this worker after its lease lapsed");
                }
                runners.execute(() -> run(job, running));
                started++;
            }
        }
        return started;
    }

    /** The reason of a job that used up its attempts: each ended without an outcome, its worker gone silent. */
    static String gaveUp(int attempts) {
        return "The job gave up after " + attempts + " attempts: each time, the worker running it stopped answering"
                + " before the job ended (for example, its replica ran out of memory). Check the data source and"
                + " create the job again under another name.";
    }

    private void giveUpExhaustedJobs() {
        try {
            for (String arn : store.giveUp(settings.maxAttempts(), gaveUp(settings.maxAttempts()), now())) {
                metrics.transitioned(JobStatus.FAILED);
                Log.warnf("Job %s FAILED: its worker stopped answering in each of its %d attempts", arn,
                        settings.maxAttempts());
            }
        } catch (RuntimeException e) {
            Log.warnf("Cannot fail the jobs that used up their attempts: %s", e.getMessage());
        }
    }

    private void run(DataDeletionJob job, Running running) {
        Instant started = now();
        try {
            JobOutcome outcome;
            try {
                outcome = JobOutcome.completed(reader.countUserIds(job.dataLocation(), SourceAccess.of(job),
                        running.deadline));
            } catch (InputProblem problem) {
                outcome = JobOutcome.failed(problem.getMessage());
            } catch (VirtualMachineError e) {
                // This JVM can no longer be trusted: leave the job to its lease, so its attempt count decides its fate.
                Log.errorf(e, "Job %s broke the JVM; abandoned to its lease, it runs again or uses up its attempts",
                        job.arn());
                return;
            } catch (Throwable e) {
                if (running.lost == null) {
                    Log.errorf(e, "Job %s failed with an unexpected fault", job.arn());
                }
                outcome = JobOutcome.failed(INTERNAL_FAILURE);
            }
            if (running.lost != null) {
                // Its read was cut off because the job is someone else's now: whatever it counted is not the outcome.
                Log.infof("Job %s left unfinished by this worker: %s", job.arn(), running.lost);
                return;
            }
            if (record(job.arn(), outcome, started, running)) {
                pruneHistory(job.scope().accountId());
            }
        } catch (Throwable e) {
            Log.errorf(e, "Job %s ended abnormally; it runs again when its lease lapses", job.arn());
        } finally {
            held.remove(job.arn(), running);
            slots.release();
        }
    }

    /**
     * Writes the outcome, again and again while the store fails, for up to a lease: the lease is renewed meanwhile,
     * so a store that blinks costs neither the outcome nor an attempt. True when the outcome is recorded.
     */
    private boolean record(String arn, JobOutcome outcome, Instant started, Running running) {
        running.finishing = true;
        long giveUpAt = System.nanoTime() + settings.lease().toNanos();
        long backoff = FIRST_RECORD_BACKOFF_MILLIS;
        for (int attempt = 1;; attempt++) {
            if (attempt > 1 && running.lost != null) {
                // Handed back while this waited to try again: the outcome is not this worker's to write.
                Log.infof("Job %s left unfinished by this worker: %s", arn, running.lost);
                return false;
            }
            Instant ended = now();
            boolean finished;
            try {
                finished = store.finish(arn, running.claim, outcome, ended);
            } catch (RuntimeException e) {
                if (running.lost != null) {
                    Log.infof("Job %s left unfinished by this worker: %s", arn, running.lost);
                    return false;
                }
                // Stopping too: the drain's end hands the job back (running.lost), so a store that blinks during a
                // rolling update costs neither the outcome nor an attempt.
                if (System.nanoTime() + backoff * 1_000_000 - giveUpAt > 0) {
                    Log.errorf("Cannot record the outcome of job %s after %d attempts; it runs again when its lease"
                            + " lapses: %s", arn, attempt, e.getMessage());
                    return false;
                }
                Log.warnf("Cannot record the outcome of job %s yet (attempt %d), trying again in %d ms: %s", arn,
                        attempt, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    // Stopping for good: the job is handed back, or left to its lease.
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = Math.min(MAX_RECORD_BACKOFF_MILLIS, backoff * 2);
                continue;
            }
            if (finished) {
                metrics.transitioned(outcome.status());
                metrics.ran(outcome.status(), started, ended);
                Log.infof("Job %s %s after %d ms", arn, outcome.status(), Duration.between(started, ended).toMillis());
            } else if (attempt > 1) {
                Log.warnf("Job %s was no longer this worker's to finish: the write that failed may have recorded its"
                        + " outcome, or its lease lapsed", arn);
            } else {
                Log.warnf("Job %s was no longer this worker's to finish (its lease lapsed); its outcome is dropped",
                        arn);
            }
            return finished;
        }
    }

    /**
     * Deletes the account's finished jobs beyond the {@code personalize.jobs.max-finished-per-account} that finished
     * last, a batch at a time, at the account's first finish in this replica and every {@link #PRUNE_EVERY}th after.
     * A job another worker gave up on is counted at the next prune.
     */
    private void pruneHistory(String accountId) {
        if (maxFinishedPerAccount == 0 || !duePruning(accountId)) {
            return;
        }
        try {
            int pruned;
            do {
                pruned = store.pruneFinished(accountId, maxFinishedPerAccount, PRUNE_BATCH);
                metrics.pruned(pruned);
            } while (pruned == PRUNE_BATCH && !stopping);
        } catch (RuntimeException e) {
            // The account's next finish prunes what this one could not.
            finishedSincePrune.remove(accountId);
            Log.warnf("Cannot delete the old finished jobs of account %s: %s", accountId, e.getMessage());
        }
    }

    /** Counts a finish of the account's jobs: true for its first since this replica started, and each 100th after. */
    private boolean duePruning(String accountId) {
        if (finishedSincePrune.size() >= MAX_COUNTED_ACCOUNTS) {
            finishedSincePrune.clear();
        }
        // Finishes since the last prune, modulo PRUNE_EVERY: 0 at the first and at every PRUNE_EVERYth after.
        return finishedSincePrune.compute(accountId,
                (account, finished) -> finished == null ? 0 : (finished + 1) % PRUNE_EVERY) == 0;
    }

    private void renewLeases() {
        for (Map.Entry<String, Running> job : held.entrySet()) {
            String arn = job.getKey();
            try {
                Running running = job.getValue();
                if (running.lost != null || store.renewLease(arn, running.claim, settings.lease())) {
                    continue;
                }
                if (running.finishing) {
                    // Its outcome is being written: most likely written already, as this renewal ran.
                    Log.debugf("Job %s is no longer IN_PROGRESS under this worker's claim as its outcome is written",
                            arn);
                    continue;
                }
                Log.warnf("Lost the lease of job %s (it lapsed, the store out of reach for longer than a lease, or"
                        + " another worker or writer took the job); its read is stopped", arn);
                running.leave("its lease was lost");
                // Lapsed and not claimed since (a store out of reach cost it no attempt): back to PENDING. Claimed or
                // changed by another, it matches nothing.
                handBack(arn, running.claim, "its lease lapsed");
            } catch (RuntimeException e) {
                Log.warnf("Cannot renew the lease of job %s: %s", arn, e.getMessage());
            }
        }
    }

    /**
     * As the replica begins to stop, before it waits for the requests in flight: no more claims, so no job starts
     * that the drain would only hand back.
     */
    void onStopping(@Observes ShutdownDelayInitiatedEvent event) {
        // Not stopping: the jobs running go on writing their outcomes, and retrying them, until the drain.
        claimsStopped = true;
    }

    /** Before the store closes: stop claiming, let running jobs finish, hand back what did not. */
    void onStop(@Observes @Priority(10) ShutdownEvent event) {
        stop();
    }

    /** Stops this worker, waiting up to the drain timeout; jobs still running are released as PENDING. */
    public void stop() {
        claimsStopped = true;
        stopping = true;
        synchronized (claiming) {
            runners.shutdown();
        }
        if (running() > 0) {
            Log.infof("Stopping: %d jobs still running get up to %s to finish", running(), settings.drainTimeout());
        }
        try {
            if (!runners.awaitTermination(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                handBackRunning();
            }
        } catch (InterruptedException e) {
            // Stopped short of the drain: the jobs still running are handed back all the same.
            handBackRunning();
            Thread.currentThread().interrupt();
        } finally {
            leaseKeeper.shutdownNow();
        }
    }

    private void handBackRunning() {
        for (Map.Entry<String, Running> job : held.entrySet()) {
            // Marked first, so the job's own thread never writes an outcome over the hand-back.
            job.getValue().leave("handed back at shutdown");
            handBack(job.getKey(), job.getValue().claim, "still running at shutdown");
        }
        runners.shutdownNow();
    }

    private void handBack(String arn, String claim, String why) {
        try {
            if (store.release(arn, claim, now())) {
                metrics.transitioned(JobStatus.PENDING);
                Log.infof("Handed job %s back as PENDING: %s", arn, why);
            }
        } catch (RuntimeException e) {
            Log.warnf("Cannot hand job %s back (%s); it runs again when its lease lapses: %s", arn, why,
                    e.getMessage());
        }
    }

    /** How many jobs this worker is running now. */
    public int running() {
        return held.size();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A job this worker runs: its deadline, and why it is no longer this worker's to finish (null while it is). */
    private static final class Running {
        /** The owner the job was claimed under: this worker's name and the claim's number. */
        final String claim;
        final JobDeadline deadline;
        volatile String lost;
        /** Its outcome is being written: a renewal that finds the job no longer its own says nothing. */
        volatile boolean finishing;

        Running(String claim, JobDeadline deadline) {
            this.claim = claim;
            this.deadline = deadline;
        }

        /** Gives the job up: its read is cut off at once and no outcome of it is written. */
        void leave(String why) {
            lost = why;
            deadline.cutOff();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
