package dev.deletionjobs.http;

import java.util.function.Consumer;

import io.quarkus.logging.Log;
import io.vertx.ext.web.RoutingContext;

/**
 * The failures of a request that no interface answers, one rule for both: the request was answered already (refused
 * as its body came, say, then its connection closed), its client hung up, or its answer was half-written.
 */
public final class FailedRequests {

    private FailedRequests() {
    }

    /**
     * Settles a failed request that needs no answer and says whether it did: nothing for one answered already,
     * {@code clientClosed} (which counts it) for one whose client hung up, and for one that failed half-way through
     * its answer, its connection closed, since nothing more can be said on it. False leaves the answer to the caller.
     */
    public static boolean settled(RoutingContext context, Consumer<Throwable> clientClosed) {
        Throwable failure = context.failure();
        if (context.response().ended()) {
            // Counted when it was answered: once.
            Log.debugf("Request failed after its answer: %s", failure);
            return true;
        }
        if (failure != null && ClosedConnections.isClosedByClient(failure)) {
            // Nobody reads an answer, and nothing of ours failed.
            clientClosed.accept(failure);
            return true;
        }
        if (context.response().headWritten()) {
            Log.debugf("Request failed while its answer was written: %s", failure);
            ClientConnections.close(context.request().connection());
            return true;
        }
        return false;
    }
}
