package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Where a request's store calls run and where the engine goes on after them: each call in a worker's task of its
 * own, wherever it is asked, its value completed there, so the engine's work after it stays on that thread; and a
 * request's calls one after another.
 */
@Timeout(30)
class RequestStoreCallsTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCallBegunOnTheEventLoopRunsOnAWorkerThreadAndTheEngineGoesOnThere() throws Exception {
        DataFetchingEnvironment request = newRequest();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch engineWaits = new CountDownLatch(1);

        CompletableFuture<Object> after = onEventLoop(() -> {
            threads.add(Thread.currentThread().getName());
            CompletionStage<?> value = begin(request, () -> {
                threads.add(Thread.currentThread().getName());
                // As a store's answer takes longer than the engine takes to wait for it.
                assertTrue(engineWaits.await(10, TimeUnit.SECONDS));
                return "page";
            });
            CompletionStage<?> next = value.thenApply(page -> {
                threads.add(Thread.currentThread().getName());
                return page;
            });
            engineWaits.countDown();
            return next;
        });

        assertEquals("page", after.get());
        assertTrue(threads.get(0).startsWith("vert.x-eventloop-thread"), threads.toString());
        assertTrue(threads.get(1).startsWith("vert.x-worker-thread"), threads.toString());
        // Before, the value came back to the event loop, which then read every job the worker had read.
        assertEquals(threads.get(1), threads.get(2), threads.toString());
    }

    @Test
    void aCallBegunOnAWorkerThreadRunsInATaskOfItsOwn() throws Exception {
        DataFetchingEnvironment request = newRequest();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch engineWaits = new CountDownLatch(1);

        CompletableFuture<Object> counted = onEventLoop(() -> {
            CompletionStage<?> total = begin(request, () -> {
                assertTrue(engineWaits.await(10, TimeUnit.SECONDS));
                return "page";
            }).thenCompose(page -> {
                // The engine completing the page asks for its total, on the thread the page's value completed on.
                threads.add(Thread.currentThread().getName() + ", calls on its stack: " + callsOnThisStack());
                return begin(request, () -> {
                    threads.add(Thread.currentThread().getName() + ", calls on its stack: " + callsOnThisStack());
                    return 5;
                });
            });
            engineWaits.countDown();
            return total;
        });

        assertEquals(5, counted.get());
        assertEquals(2, threads.size(), threads.toString());
        // Asked within the page's task, run in one of its own: a task never runs a request's calls back to back.
        assertTrue(threads.get(0).matches("vert\\.x-worker-thread-\\d+, calls on its stack: 1"), threads.toString());
        assertTrue(threads.get(1).matches("vert\\.x-worker-thread-\\d+, calls on its stack: 1"), threads.toString());
    }

    @Test
    void aRequestsCallsRunOneAfterAnotherEachInATaskOfItsOwn() throws Exception {
        DataFetchingEnvironment request = newRequest();
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();

        CompletableFuture<Object> both = onEventLoop(() -> {
            CompletionStage<?> first = begin(request, () -> {
                events.add("first began");
                firstRunning.countDown();
                assertTrue(releaseFirst.await(10, TimeUnit.SECONDS));
                events.add("first ended");
                return 1;
            });
            CompletionStage<?> second = begin(request, () -> {
                events.add("second began on " + Thread.currentThread().getName() + ", calls on its stack: "
                        + callsOnThisStack());
                return 2;
            });
            return first.thenCombine(second, List::of);
        });

        assertTrue(firstRunning.await(10, TimeUnit.SECONDS));
        Thread.sleep(100);
        assertEquals(List.of("first began"), events, "the second call did not wait for the first");
        releaseFirst.countDown();
        assertEquals(List.of(1, 2), both.get());
        assertEquals(3, events.size(), events.toString());
        assertEquals("first ended", events.get(1), events.toString());
        // In a task of its own, not within the first call's, where a request's twenty aliases would run back to back.
        assertTrue(events.get(2).matches("second began on vert\\.x-worker-thread-\\d+, calls on its stack: 1"),
                events.toString());
    }

    @Test
    void aFailedCallFailsItsValueAndTheNextCallStillRuns() throws Exception {
        DataFetchingEnvironment request = newRequest();
        IllegalStateException failure = new IllegalStateException("the store is gone");

        CompletableFuture<Object> outcomes = onEventLoop(() -> {
            CompletionStage<?> failed = begin(request, () -> {
                throw failure;
            });
            CompletionStage<?> next = begin(request, () -> "next");
            return failed.handle((value, thrown) -> thrown).thenCombine(next, List::of);
        });

        List<?> both = (List<?>) outcomes.get();
        // The call's own failure, as the engine's exception handler reports it: the stage is the call's value.
        assertSame(failure, both.get(0), String.valueOf(both.get(0)));
        assertEquals("next", both.get(1));
    }

    @Test
    void outsideVertxACallRunsAtOnceAndAnswersItsValue() throws Exception {
        Object value = RequestStoreCalls.onWorkerThread(newRequest(), () -> "at once");

        assertEquals("at once", value);
        assertFalse(Context.isOnVertxThread());
    }

    private static DataFetchingEnvironment newRequest() {
        return DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
                .graphQLContext(GraphQLContext.newContext().build())
                .build();
    }

    /** What {@code work} answers, run on an event loop in a request's context of its own, as an HTTP request is. */
    private static CompletableFuture<Object> onEventLoop(Callable<CompletionStage<?>> work) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Context request = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        request.runOnContext(run -> {
            try {
                work.call().whenComplete((value, failure) -> {
                    if (failure != null) {
                        result.completeExceptionally(failure);
                    } else {
                        result.complete(value);
                    }
                });
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** How many of the calls {@link RequestStoreCalls} runs are on this thread's stack, this one included. */
    private static long callsOnThisStack() {
        return Arrays.stream(new Throwable().getStackTrace())
                .filter(frame -> frame.getClassName().equals(RequestStoreCalls.class.getName())
                        && frame.getMethodName().equals("complete"))
                .count();
    }

    /** {@link RequestStoreCalls#onWorkerThread}'s stage for {@code call}, begun on this thread. */
    private static CompletionStage<?> begin(DataFetchingEnvironment request, Callable<?> call) {
        try {
            return (CompletionStage<?>) RequestStoreCalls.onWorkerThread(request, call);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }
}
