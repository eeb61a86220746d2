package dev.deletionjobs.graphql;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.deletionjobs.error.ConstraintViolations;
import io.quarkus.vertx.http.runtime.cors.CORSFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Which web pages may open a GraphQL WebSocket: the service's own origin, and those listed in
 * {@code quarkus.http.cors.origins}, the list that lets their pages call over HTTP too. A browser applies no
 * same-origin rule to WebSockets, and sends the page's origin with the upgrade: without this check any page a user
 * opens could subscribe and run operations where the service authenticates nobody (a local run, dev mode). Clients
 * that are not browsers send no {@code Origin}, and are not asked for one. A page that rebinds its own host name to
 * the service's address passes as the service's own: where nobody authenticates, nothing here tells them apart.
 */
@Singleton
public class BrowserOrigins {

    private final List<String> allowed;
    /** The list's {@code /regular expressions/}, as Quarkus's CORS filter reads them. */
    private final List<Pattern> allowedPatterns;

    BrowserOrigins(@ConfigProperty(name = "quarkus.http.cors.origins") Optional<List<String>> allowed) {
        this.allowed = allowed.orElse(List.of()).stream().map(origin -> origin.trim().toLowerCase(Locale.ROOT))
                .toList();
        this.allowedPatterns = CORSFilter.parseAllowedOriginsRegex(allowed);
    }

    /** Why a WebSocket upgrade from {@code request}'s page is refused, or null when it may open. */
    String refusal(HttpServerRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return null;
        }
        String normalised = origin.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains("*") || allowed.contains(normalised) || sameAuthority(normalised, request.host())
                || CORSFilter.isOriginAllowedByRegex(allowedPatterns, origin)) {
            return null;
        }
        return "A WebSocket from a page of " + ConstraintViolations.shown(origin) + " is not accepted here: list the"
                + " dashboard's origin in quarkus.http.cors.origins (QUARKUS_HTTP_CORS_ORIGINS).";
    }

    /**
     * Whether the page's origin names the host (and port) the request was sent to. The scheme is not compared: behind
     * a proxy that ends TLS, a page of {@code https://host} upgrades a request that reaches the service over HTTP.
     */
    private static boolean sameAuthority(String origin, String host) {
        if (host == null) {
            return false;
        }
        try {
            String authority = URI.create(origin).getRawAuthority();
            return authority != null && authority.equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
