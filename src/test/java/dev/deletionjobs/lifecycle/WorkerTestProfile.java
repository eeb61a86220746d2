package dev.deletionjobs.lifecycle;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The worker on, polling fast, with short leases and timeouts so that every path settles within seconds. */
public class WorkerTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "personalize.worker.enabled", "true",
                "personalize.worker.poll-interval", "100ms",
                "personalize.worker.lease", "2s",
                "personalize.worker.read-timeout", "1s",
                "personalize.worker.drain-timeout", "200ms",
                "personalize.worker.max-input-size", "4M");
    }
}
