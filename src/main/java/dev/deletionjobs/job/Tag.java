package dev.deletionjobs.job;

/** A tag on a job, as the caller gave it. */
public record Tag(String tagKey, String tagValue) {
}
