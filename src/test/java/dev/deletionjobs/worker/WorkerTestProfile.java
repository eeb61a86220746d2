package dev.deletionjobs.worker;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The worker on, polling as often as the scheduler allows, with short leases and timeouts and a small memory budget
 * (large inputs spill): every path settles within seconds.
 */
public class WorkerTestProfile implements QuarkusTestProfile {

    /** Where the worker under test spills, so a test can see that every run file is deleted. */
    static final String SPILL_DIRECTORY = "target/worker-spill";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "personalize.worker.enabled", "true",
                "personalize.worker.poll-interval", "1s",
                "personalize.worker.lease", "2s",
                "personalize.worker.read-timeout", "1s",
                "personalize.worker.drain-timeout", "200ms",
                "personalize.worker.job-timeout", "5s",
                "personalize.worker.memory-budget", "1M",
                "personalize.worker.spill-directory", SPILL_DIRECTORY,
                "personalize.worker.max-input-size", "4M");
    }
}
