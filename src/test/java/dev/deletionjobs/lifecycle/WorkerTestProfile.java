package dev.deletionjobs.lifecycle;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The worker on, polling as often as the scheduler allows, with short leases and timeouts: every path settles within seconds. */
public class WorkerTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "personalize.worker.enabled", "true",
                "personalize.worker.poll-interval", "1s",
                "personalize.worker.lease", "2s",
                "personalize.worker.read-timeout", "1s",
                "personalize.worker.drain-timeout", "200ms",
                "personalize.worker.max-input-size", "4M");
    }
}
