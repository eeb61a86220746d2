package dev.deletionjobs.security;

import static dev.deletionjobs.security.SigV4TestProfile.ALICE_ACCOUNT;
import static dev.deletionjobs.security.SigV4TestProfile.ALICE_API_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.ALICE_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.ALICE_SECRET;
import static dev.deletionjobs.security.SigV4TestProfile.BOB_ACCOUNT;
import static dev.deletionjobs.security.SigV4TestProfile.CAROL_KEY;
import static dev.deletionjobs.security.SigV4TestProfile.CAROL_SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.service.DataDeletionJobChanges;
import dev.deletionjobs.testing.GraphQLSubscriber;
import dev.deletionjobs.testing.RawGraphQLSocket;
import dev.deletionjobs.testing.SecondWriter;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A GraphQL WebSocket authenticates in its connection_init payload, as AWS AppSync's real-time endpoint does: an API
 * key, or the SigV4 headers of {@code POST /graphql/connect} with the body {@code {}}. Anything else is closed
 * with 4403, a socket that never initialises with 4408, and a subscriber sees its own account's jobs only.
 */
@QuarkusTest
@TestProfile(WebSocketAuthTestProfile.class)
@Timeout(120)
class GraphQLSubscriptionAuthTest {

    private static final String CHANGED = "subscription { dataDeletionJobChanged { arn } }";

    @TestHTTPResource("/graphql")
    URL graphql;

    @Inject
    Vertx vertx;

    @Inject
    DataDeletionJobChanges changes;

    @Test
    void aConnectionWithoutCredentialsOrWithWrongOnesIsForbidden() throws Exception {
        for (JsonObject payload : List.of(new JsonObject(), new JsonObject().put("x-api-key", "da2-not-a-key"),
                new JsonObject().put("x-api-key", 42), new JsonObject().put("authorization", "AWS4-HMAC-SHA256 nonsense"),
                // One header twice, as over HTTP: which one was meant is not for the service to guess.
                new JsonObject().put("X-Api-Key", ALICE_API_KEY).put("x-api-key", "da2-not-a-key"),
                new JsonObject().put("x-api-key", ALICE_API_KEY).put("X-API-KEY", ALICE_API_KEY))) {
            try (RawGraphQLSocket socket = open()) {
                socket.send(new JsonObject().put("type", "connection_init").put("payload", payload));
                assertEquals(4403, socket.closeCode(), payload::encode);
            }
        }
    }

    @Test
    void aConnectionThatNeverInitialisesIsClosed() throws Exception {
        try (RawGraphQLSocket socket = open()) {
            assertEquals(4408, socket.closeCode());
        }
    }

    @Test
    void aSigV4SignatureOfTheConnectRequestIsAccepted() throws Exception {
        // Signed before the socket opens: the connection has five seconds to initialise in this profile.
        JsonObject signed = signedConnect("/graphql/connect", ALICE_KEY, ALICE_SECRET, "us-east-1");
        try (RawGraphQLSocket socket = open()) {
            socket.send(init(signed));
            assertEquals("connection_ack", socket.next().getString("type"));
        }
        // Signed for another path, or by a key not allowed in the region: not this connection's signature.
        for (JsonObject payload : List.of(signedConnect("/graphql", ALICE_KEY, ALICE_SECRET, "us-east-1"),
                signedConnect("/graphql/connect", CAROL_KEY, CAROL_SECRET, "us-east-1"))) {
            try (RawGraphQLSocket socket = open()) {
                socket.send(init(payload));
                assertEquals(4403, socket.closeCode(), payload::encode);
            }
        }
    }

    @Test
    void aSubscriberSeesItsOwnAccountsJobsOnly() throws Exception {
        try (GraphQLSubscriber alice = GraphQLSubscriber.subscribe(graphql, Map.of("x-api-key", ALICE_API_KEY), CHANGED,
                changes::subscriberCount); SecondWriter writer = SecondWriter.ofRunningApplication()) {
            DataDeletionJob bobs = job(BOB_ACCOUNT);
            DataDeletionJob alices = job(ALICE_ACCOUNT);
            writer.insert(bobs);
            writer.insert(alices);
            assertEquals(alices.arn(), alice.next().getJsonObject("dataDeletionJobChanged").getString("arn"));
        }
    }

    private RawGraphQLSocket open() throws Exception {
        return RawGraphQLSocket.open(vertx, graphql.getPort(), "graphql-transport-ws");
    }

    private static JsonObject init(JsonObject payload) {
        return new JsonObject().put("type", "connection_init").put("payload", payload);
    }

    /** The headers AppSync's clients put in connection_init: a SigV4 signature of POST {path} with the body {}. */
    private JsonObject signedConnect(String path, String key, String secret, String region) {
        URI uri = URI.create("http://localhost:" + graphql.getPort() + path);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("content-type", "application/json; charset=UTF-8").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .request(request)
                .payload(ContentStreamProvider.fromString("{}", StandardCharsets.UTF_8))
                .identity(AwsCredentialsIdentity.create(key, secret))
                .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "personalize")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)).request();
        JsonObject headers = new JsonObject();
        signed.headers().forEach((name, values) -> headers.put(name, values.get(0)));
        return headers;
    }

    private static DataDeletionJob job(String account) {
        AccountScope scope = new AccountScope(account, "us-east-1");
        String name = "auth-" + UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name,
                "arn:aws:personalize:us-east-1:" + account + ":dataset-group/g", "s3://bucket/users.csv",
                "arn:aws:iam::" + account + ":role/Deleter", List.of(), JobStatus.PENDING, null, null, created,
                created);
    }
}
