package dev.deletionjobs.graphql;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
     * The value of a field that asks the store, {@code call}, computed once the request's calls before it have ended:
     * on a worker thread of the request's Vert.x context, or at once on the thread that asks when that is a worker
     * thread and no call of the request's is under way (a count the engine asks for while it completes a page there).
     * Outside Vert.x, at once where it is asked. Unordered: Vert.x queues the ordered blocking work of every request
     * on an event loop in one line of the event loop's own, so one request's slow call would hold up the calls of
     * every other request on that loop.
     * <p>
     * The value completes on the worker thread that computed it, where Vert.x would hand it back to the event loop,
     * so the engine completes the field's objects and writes the answer on the thread that read the store's rows, as
     * the AWS interface writes its answers, and only the written answer crosses to the event loop: a page of 100 jobs
     * completed on the event loop read every job's fields and strings from the other core's cache, a ninth of the
     * page's CPU (bench/README.md's change 25). A call that waited for the ones before it takes a worker thread of
     * its own, as the first does, so that no worker's task runs a request's calls back to back past Vert.x's limit
     * for one task.
     */
    static Object onWorkerThread(DataFetchingEnvironment environment, Callable<?> call) throws Exception {
        Context context = Vertx.currentContext();
        if (context == null) {
            return call.call();
        }
        return of(environment.getGraphQlContext()).next(context, call);
    }

    /**
     * {@code call} begun once this request's calls before it have ended, however they ended: at once when there are
     * none, on this thread if it is a worker thread, else on a worker thread of {@code context}.
     */
    synchronized CompletionStage<Object> next(Context context, Callable<?> call) {
        Thread asking = Context.isOnEventLoopThread() ? null : Thread.currentThread();
        boolean[] asked = { true };
        CompletionStage<Object> next = last.handle((result, failure) -> null).thenCompose(ended -> asked[0]
                && Thread.currentThread() == asking ? here(call) : onWorker(context, call));
        asked[0] = false;
        last = next;
        return next;
    }

    /** {@code call} on a worker thread of {@code context}, its value completed there. */
    private static CompletionStage<Object> onWorker(Context context, Callable<?> call) {
        CompletableFuture<Object> value = new CompletableFuture<>();
        context.executeBlocking(() -> {
            complete(value, call);
            return null;
        }, false).onFailure(value::completeExceptionally);
        return value;
    }

    /** {@code call} on this thread. */
    private static CompletionStage<Object> here(Callable<?> call) {
        CompletableFuture<Object> value = new CompletableFuture<>();
        complete(value, call);
        return value;
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
