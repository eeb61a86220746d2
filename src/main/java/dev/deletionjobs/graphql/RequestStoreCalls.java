package dev.deletionjobs.graphql;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import io.smallrye.graphql.execution.context.SmallRyeContextManager;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One request's calls to the store, each begun when the one before it has ended. The engine fetches a document's
 * root fields all at once, so twenty aliases of {@code dataDeletionJobs} took twenty of the pool's connections at the
 * same moment, and every other caller's reads queued behind one request; one at a time, a request holds one for its
 * calls, and other requests' calls run beside them.
 */
final class RequestStoreCalls {

    private static final String KEY = RequestStoreCalls.class.getName();

    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    private RequestStoreCalls() {
    }

    /** The calls of the request (the execution) {@code context} belongs to. */
    static RequestStoreCalls of(GraphQLContext context) {
        return context.computeIfAbsent(KEY, key -> new RequestStoreCalls());
    }

    /**
     * The value of a field that asks the store, {@code call}, computed once the request's calls before it have ended,
     * on a worker thread of the request's Vert.x context, in a task of its own; outside Vert.x, at once where it is
     * asked. Unordered: Vert.x queues the ordered blocking work of every request on an event loop in one line of the
     * event loop's own, so one request's slow call would hold up the calls of every other request on that loop.
     * <p>
     * The value completes on the worker thread that computed it, where Vert.x would hand it back to the event loop,
     * so the engine goes on from it there (unless it was done before the engine waited for it): it completes the
     * field's objects and writes the answer on the thread that read the store's rows, as the AWS interface writes its
     * answers, and only the written answer crosses to the event loop. A page of 100 jobs completed on the event loop
     * read every job's fields and strings from the other core's cache, a ninth of the page's CPU (bench/README.md's
     * change 25). Each call has a task of its own, even one the engine asks for on a worker thread (a count while it
     * completes a page there, the next of a document's mutations), so that no task runs a request's calls back to back.
     */
    static Object onWorkerThread(DataFetchingEnvironment environment, Callable<?> call) throws Exception {
        Context context = Vertx.currentContext();
        if (context == null) {
            return call.call();
        }
        return of(environment.getGraphQlContext()).next(context, call);
    }

    /**
     * {@code call} begun on a worker thread of {@code context} once this request's calls before it have ended, however
     * they ended: at once when there are none, else from the thread that ends the last of them.
     */
    CompletionStage<Object> next(Context context, Callable<?> call) {
        CompletableFuture<Object> value = new CompletableFuture<>();
        CompletableFuture<?> before;
        synchronized (this) {
            before = last;
            last = value;
        }
        before.whenComplete((result, failure) -> onWorker(context, call, value));
        return value;
    }

    /** Completes {@code value} with {@code call}'s on a worker thread of {@code context}. */
    private static void onWorker(Context context, Callable<?> call, CompletableFuture<Object> value) {
        Future<?> task = context.executeBlocking(() -> {
            try {
                complete(value, call);
            } finally {
                // Left by SmallRye on the thread that wrote an answer, it would keep the request alive on a pooled one.
                SmallRyeContextManager.clearCurrentSmallRyeContext();
            }
            return null;
        }, false);
        // A task the pool refused has failed already. No listener otherwise: Vert.x would run it on the event loop.
        if (task.failed()) {
            value.completeExceptionally(task.cause());
        }
    }

    private static void complete(CompletableFuture<Object> value, Callable<?> call) {
        Object result;
        try {
            result = call.call();
        } catch (Throwable failed) {
            value.completeExceptionally(failed);
            return;
        }
        value.complete(result);
    }
}
