package dev.deletionjobs.walkthrough;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Dev mode as README's reader has it: the worker on and the embedded S3 endpoint up, on any free port. */
public class WalkthroughTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "personalize.worker.enabled", "true",
                "personalize.worker.poll-interval", "1s",
                "personalize.s3.embedded", "true",
                "personalize.s3.embedded-port", "0");
    }
}
