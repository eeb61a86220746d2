package dev.deletionjobs.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import graphql.GraphQLContext;

/**
 * One request's calls to the store, each begun when the one before it has ended. The engine fetches a document's
 * root fields all at once, so twenty aliases of {@code dataDeletionJobs} took twenty of the pool's connections at the
 * same moment, and every other caller's reads queued behind one request; one at a time, a request holds one for its
 * pages (SmallRye runs the other fields that ask the store on a line of its own, one at a time per event loop).
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
     * {@code call} begun once this request's calls before it have ended, however they ended: at once when there are
     * none, on the thread that asks, else on the thread that ends the last of them.
     */
    synchronized <T> CompletionStage<T> next(Supplier<CompletionStage<T>> call) {
        CompletionStage<T> next = last.handle((result, failure) -> null).thenCompose(ended -> call.get());
        last = next;
        return next;
    }
}
