package dev.deletionjobs.http;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;

/**
 * The largest request body either interface reads: {@code quarkus.http.limits.max-body-size}, which the HTTP layer
 * enforces too, read once for the checks that refuse an oversized request in their interface's own words.
 */
@Singleton
public class BodyLimit {

    private final long bytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize limit) {
        this.bytes = limit.asLongValue();
    }

    /** The limit, in bytes. */
    public long bytes() {
        return bytes;
    }

    /** What a caller is told when its body is over the limit. */
    public String message() {
        return "The request body is larger than the " + bytes + " bytes this service accepts.";
    }
}
