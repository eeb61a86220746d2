package dev.deletionjobs.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Keeps the tags of the HTTP server's meters ({@code http.server.*}) to closed sets. Quarkus tags a request with its
 * method as sent, and a request no route matched before it was refused (a 400 for a missing {@code Host}, a 413) with
 * its path as sent: a caller that varies either, without a key, made a series of each, which the registry keeps and
 * every scrape prints (5,000 made-up methods took {@code /q/metrics} to 60 MB; 20,000 took the heap), or filled
 * Quarkus's cap of 100 paths, after which the service's own were no longer counted. A method HTTP does not define
 * is {@value #OTHER}, and so is a path that is none of the service's routes.
 * <p>
 * Micrometer maps a meter's tags before it looks the meter up, and remembers one unmapped id for each meter it
 * makes: the series and what the registry holds stay as few as these sets allow.
 */
@Singleton
public class HttpServerMeterTags implements MeterFilter {

    static final String OTHER = "OTHER";

    private static final String PREFIX = "http.server.";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
            "TRACE", "CONNECT");
    /**
     * The API's routes as Quarkus names them ({@code root} for {@code /}), and its names for a browser's CORS
     * preflight and answers no route gave. Quarkus records nothing under {@code /q/} (the health and metrics
     * endpoints, the GraphQL UI): {@code quarkus.micrometer.binder.http-server.suppress-non-application-uris}.
     */
    private static final Set<String> URIS = Set.of("root", "/graphql", "/graphql/schema.graphql", "/cors-preflight",
            "NOT_FOUND", "REDIRECTION", "UNKNOWN");

    @Override
    public Meter.Id map(Meter.Id id) {
        if (!id.getName().startsWith(PREFIX)) {
            return id;
        }
        List<Tag> tags = null;
        List<Tag> original = id.getTags();
        for (int i = 0; i < original.size(); i++) {
            Tag tag = original.get(i);
            String value = switch (tag.getKey()) {
                case "method" -> METHODS.contains(tag.getValue()) ? tag.getValue() : OTHER;
                case "uri" -> URIS.contains(tag.getValue()) ? tag.getValue() : OTHER;
                default -> tag.getValue();
            };
            if (!value.equals(tag.getValue())) {
                if (tags == null) {
                    tags = new ArrayList<>(original);
                }
                tags.set(i, Tag.of(tag.getKey(), value));
            }
        }
        return tags == null ? id : id.replaceTags(tags);
    }
}
