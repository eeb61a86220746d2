package dev.deletionjobs.http;

import java.time.Clock;
import java.util.Date;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netty.handler.codec.DateFormatter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Puts the server's time in a {@code Date} header on every response, as AWS does: the AWS SDKs take a refused
 * signature ("Signature expired") for clock skew only against it, and then sign again with the difference. Without
 * it, a client whose clock was more than 15 minutes off failed every call for good.
 */
@Singleton
public class ResponseDates {

    private final Clock clock;

    ResponseDates(Clock clock) {
        this.clock = clock;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            context.response().putHeader(HttpHeaders.DATE, DateFormatter.format(Date.from(clock.instant())));
            context.next();
        });
    }
}
