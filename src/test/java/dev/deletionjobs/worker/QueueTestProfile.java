package dev.deletionjobs.worker;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A store of its own with the service's worker off: the workers a {@link JobQueueTest} builds are the only ones that
 * claim, so what they count is the whole fleet.
 */
public class QueueTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("personalize.worker.enabled", "false");
    }
}
