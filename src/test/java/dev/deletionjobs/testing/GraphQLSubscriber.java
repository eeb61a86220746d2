package dev.deletionjobs.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import jakarta.json.JsonObject;

import io.smallrye.graphql.client.GraphQLClientException;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.graphql.client.vertx.dynamic.VertxDynamicGraphQLClientBuilder;
import io.smallrye.graphql.client.websocket.WebsocketSubprotocol;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * A dashboard's subscription, made with SmallRye's GraphQL client over {@code graphql-transport-ws}: a real client of
 * the protocol, written by others. It collects the events, and the failure that ended the stream.
 */
public final class GraphQLSubscriber implements AutoCloseable {

    /** How long an expected event may take: the change feed polls, and a test machine is busy. */
    public static final Duration PATIENCE = Duration.ofSeconds(20);

    private final DynamicGraphQLClient client;
    private final BlockingQueue<Response> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    private final Cancellable subscription;
    private IntSupplier subscribers;
    private int countWithIt;

    private GraphQLSubscriber(DynamicGraphQLClient client, String document, Map<String, Object> variables) {
        this.client = client;
        this.subscription = client.subscription(document, variables).subscribe().with(events::add, ended::complete,
                () -> ended.complete(null));
    }

    /**
     * Subscribes with {@code document} at {@code graphql} (the service's /graphql URL), authenticating with
     * {@code initPayload}, and waits until the service counts one more subscriber ({@code subscribers}).
     */
    public static GraphQLSubscriber subscribe(URL graphql, Map<String, Object> initPayload, String document,
            IntSupplier subscribers) throws InterruptedException {
        return subscribe(graphql, initPayload, document, Map.of(), subscribers);
    }

    /** {@link #subscribe(URL, Map, String, IntSupplier)} with {@code variables}. */
    public static GraphQLSubscriber subscribe(URL graphql, Map<String, Object> initPayload, String document,
            Map<String, Object> variables, IntSupplier subscribers) throws InterruptedException {
        int before = subscribers.getAsInt();
        GraphQLSubscriber subscriber = new GraphQLSubscriber(new VertxDynamicGraphQLClientBuilder()
                .url(graphql.toString())
                .subprotocols(WebsocketSubprotocol.GRAPHQL_TRANSPORT_WS)
                .initPayload(initPayload)
                .build(), document, variables);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (subscribers.getAsInt() <= before) {
            if (subscriber.ended.isDone() || System.nanoTime() > deadline) {
                throw new AssertionError("The subscription did not start: " + subscriber.ended.getNow(null));
            }
            Thread.sleep(20);
        }
        subscriber.subscribers = subscribers;
        subscriber.countWithIt = subscribers.getAsInt();
        return subscriber;
    }

    /** The {@code personalize_graphql_subscriptions} gauge of the metrics at {@code metricsUrl}, read at each call. */
    public static IntSupplier subscriptionsAt(String metricsUrl) {
        return () -> {
            String metrics = given().get(metricsUrl).then().statusCode(200).extract().asString();
            return metrics.lines().filter(line -> line.startsWith("personalize_graphql_subscriptions "))
                    .mapToInt(line -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                    .findFirst().orElseThrow(() -> new AssertionError("no personalize_graphql_subscriptions gauge"));
        };
    }

    /** The data of the next event, within {@link #PATIENCE}. */
    public JsonObject next() throws InterruptedException {
        Response event = events.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(event, "no event within " + PATIENCE + "; the stream ended with " + ended.getNow(null));
        assertNull(event.getErrors(), () -> "an event with errors: " + event.getErrors());
        return event.getData();
    }

    /** Asserts that no event arrives within {@code quiet}. */
    public void assertNoEventWithin(Duration quiet) throws InterruptedException {
        Response event = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        assertNull(event, () -> "an unexpected event: " + event.getData());
    }

    /** The failure that ended the stream, within {@link #PATIENCE}. */
    public Throwable failure() throws Exception {
        Throwable failure = ended.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(failure, "the stream completed without a failure");
        return failure;
    }

    /** The {@code extensions.code} of the error that ended the stream, within {@link #PATIENCE}. */
    public String failureCode() throws Exception {
        Throwable failure = failure();
        if (!(failure instanceof GraphQLClientException refused) || refused.getErrors().isEmpty()) {
            throw new AssertionError("the stream ended without a GraphQL error", failure);
        }
        return String.valueOf(refused.getErrors().get(0).getExtensions().get("code"));
    }

    /**
     * Ends the subscription and waits until the service has let it go, so that the next test's count of subscribers
     * does not see this one leave while it waits for its own to arrive.
     */
    @Override
    public void close() throws Exception {
        subscription.cancel();
        client.close();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (subscribers != null && subscribers.getAsInt() >= countWithIt && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
