package dev.deletionjobs.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * What the jobs are doing, across every account: how many are in each status and how long the oldest
 * {@code PENDING} one has waited (counted on a schedule, so a scrape never scans the collection), and what the
 * workers do (transitions by status, and how long jobs ran).
 */
@Singleton
public class JobMetrics {

    private final DataDeletionJobStore store;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<JobStatus, AtomicLong> byStatus = new EnumMap<>(JobStatus.class);
    private final AtomicLong oldestPendingAgeMillis = new AtomicLong();
    private final Map<JobStatus, Counter> transitions = new EnumMap<>(JobStatus.class);
    private final Counter pruned;

    JobMetrics(DataDeletionJobStore store, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.clock = clock;
        this.registry = registry;
        for (JobStatus status : JobStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("personalize.jobs", count, AtomicLong::get)
                    .description("Jobs in each status, across all accounts, as of the last refresh")
                    .tag("status", status.name())
                    .register(registry);
            transitions.put(status, Counter.builder("personalize.job.transitions")
                    .description("Jobs that workers of this replica moved into each status")
                    .tag("status", status.name())
                    .register(registry));
        }
        pruned = Counter.builder("personalize.jobs.pruned")
                .description("Finished jobs that workers of this replica deleted, past the newest"
                        + " personalize.jobs.max-finished-per-account of their account")
                .register(registry);
        Gauge.builder("personalize.jobs.oldest.pending.age", oldestPendingAgeMillis, age -> age.get() / 1000.0)
                .description("How long the oldest PENDING job has waited, in seconds; 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    /**
     * Recounts the jobs by status; scheduled, and callable by tests that need fresh figures. One count at a time, so
     * that a count begun before a change cannot publish its figures after a count made since.
     */
    @Scheduled(every = "${personalize.metrics.job-count-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public synchronized void refresh() {
        try {
            for (JobStatus status : JobStatus.values()) {
                byStatus.get(status).set(store.countByStatus(status));
            }
            oldestPendingAgeMillis.set(store.oldestPendingCreation()
                    .map(created -> Math.max(0, Duration.between(created, clock.instant()).toMillis()))
                    .orElse(0L));
        } catch (RuntimeException e) {
            // The store is unreachable: readiness says so; the gauges keep their last values.
            Log.debugf("Cannot refresh job counts: %s", e.getMessage());
        }
    }

    /** A worker moved a job into {@code status}. */
    public void transitioned(JobStatus status) {
        transitions.get(status).increment();
    }

    /** A worker deleted {@code jobs} old finished jobs of an account. */
    public void pruned(int jobs) {
        pruned.increment(jobs);
    }

    /** A job ran for the time between {@code started} and {@code ended}, ending in {@code outcome}. */
    public void ran(JobStatus outcome, Instant started, Instant ended) {
        Timer.builder("personalize.job.duration")
                .description("How long jobs ran, from claim to outcome")
                .tag("outcome", outcome.name())
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofHours(1))
                .register(registry)
                .record(Duration.between(started, ended));
    }
}
