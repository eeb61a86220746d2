package dev.deletionjobs.graphql;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One request's calls to the store, each begun when the one before it has ended. The engine fetches a document's
 * root fields all at once, so twenty aliases of {@code dataDeletionJobs} took twenty of the pool's connections at the
 * same moment, and every other caller's reads queued behind one request; one at a time, a request holds one for its
 * calls, and other requests' calls run beside them.
 */
final class RequestStoreCalls {

    private static final String KEY = RequestStoreCalls.class.getName();

    private CompletionStage<?> last = CompletableFuture.completedFuture(null);

    private RequestStoreCalls() {
    }

    /** The calls of the request (the execution) {@code context} belongs to. */
    static RequestStoreCalls of(GraphQLContext context) {
        return context.computeIfAbsent(KEY, key -> new RequestStoreCalls());
    }

    /**
     * The value of a field that asks the store, {@code call}, computed on a worker thread of the request's Vert.x
     * context once the request's calls before it have ended. Unordered: Vert.x queues the ordered blocking work of
     * every request on an event loop in one line of the event loop's own, so one request's slow call would hold up
     * the calls of every other request on that loop. Off the event loop (or outside Vert.x) {@code call} runs at once,
     * on the thread that asks: there is no thread to spare.
     */
    static Object onWorkerThread(DataFetchingEnvironment environment, Callable<?> call) throws Exception {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return call.call();
        }
        return of(environment.getGraphQlContext()).next(() -> context.executeBlocking(call, false).toCompletionStage());
    }

    /**
     * {@code call} begun once this request's calls before it have ended, however they ended: at once when there are
     * none, on the thread that asks, else on the thread that ends the last of them.
     */
    synchronized <T> CompletionStage<T> next(Supplier<CompletionStage<T>> call) {
        CompletionStage<T> next = last.handle((result, failure) -> null).thenCompose(ended -> call.get());
        last = next;
        return next;
    }
}
