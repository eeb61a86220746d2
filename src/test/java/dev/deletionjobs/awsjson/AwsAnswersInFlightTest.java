package dev.deletionjobs.awsjson;

import static dev.deletionjobs.testing.AnswersHeld.awaitHeld;
import static dev.deletionjobs.testing.AwsJsonCalls.call;
import static dev.deletionjobs.testing.AwsJsonCalls.createJob;
import static dev.deletionjobs.testing.AwsJsonCalls.listRequest;
import static dev.deletionjobs.testing.AwsJsonCalls.newDatasetGroupArn;
import static dev.deletionjobs.testing.AwsJsonCalls.newJobName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.deletionjobs.http.AnswerBudget;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.testing.PersonalizeClients;
import dev.deletionjobs.testing.RawHttp;
import dev.deletionjobs.testing.SeededJobs;
import dev.deletionjobs.testing.SendBufferSize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import software.amazon.awssdk.services.personalize.PersonalizeClient;
import software.amazon.awssdk.services.personalize.model.PersonalizeException;

/**
 * AWS answers take their place in the replica's budget of answers as GraphQL's do: an operation takes its longest
 * answer before it runs, its answer's length once built, and gives it back once the answer is in the socket. With an
 * account's share of one longest answer, a page its client leaves unread holds the share: the account's next list of
 * 100 is refused with ThrottlingException (which the SDKs retry) until that connection is gone, while shorter answers
 * (a smaller page's among them) still fit. The server's send buffer is a network's, not loopback's, so the unread page
 * waits in the service's queue.
 */
@QuarkusTest
@TestProfile(AwsAnswersInFlightTest.OneLongestAnswerEach.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AwsAnswersInFlightTest {

    /** An account may hold one longest AWS answer, the replica two. */
    public static class OneLongestAnswerEach implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("personalize.graphql.max-answer-length", String.valueOf(AwsAnswerLengths.LONGEST),
                    "personalize.http.max-answer-length-in-flight", String.valueOf(2 * AwsAnswerLengths.LONGEST),
                    "personalize.http.max-answer-length-in-flight-per-account",
                    String.valueOf(AwsAnswerLengths.LONGEST),
                    SendBufferSize.PROPERTY, "4096");
        }
    }

    @TestHTTPResource("/")
    URI endpoint;

    @Inject
    DataDeletionJobStore store;

    @Inject
    AnswerBudget budget;

    private PersonalizeClient personalize;
    /** 100 jobs of a dataset group with a long ARN: a page of them is some 60 KB. */
    private String group;

    @BeforeAll
    void seedAPageOfLongSummaries() {
        group = newDatasetGroupArn() + "-" + "g".repeat(150);
        SeededJobs.seed(store, group, 100, 1);
        personalize = PersonalizeClients.unauthenticated(endpoint);
    }

    @AfterAll
    void close() {
        personalize.close();
    }

    @Test
    void answersThatAreReadGiveBackWhatTheyHeld() throws InterruptedException {
        String arn = createJob(newJobName(), newDatasetGroupArn());
        for (int i = 0; i < 5; i++) {
            call("ListDataDeletionJobs", listRequest(group, 100, null)).then().statusCode(200)
                    .body("dataDeletionJobs", hasSize(100));
            call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).then().statusCode(200);
        }
        call("ListDataDeletionJobs", Map.of("maxResults", 0)).then().statusCode(400);
        awaitHeld(budget, 0, 0);
    }

    @Test
    void anAccountsUnreadPageHoldsItsShareUntilItsConnectionCloses() throws Exception {
        long pageLength = call("ListDataDeletionJobs", listRequest(group, 100, null)).then().statusCode(200).extract()
                .asByteArray().length;
        try (Socket unread = unreadList()) {
            // Built and not all sent: the page holds its length, not the longest it could have been.
            awaitHeld(budget, pageLength, pageLength);

            call("ListDataDeletionJobs", listRequest(group, null, null)).then().statusCode(400)
                    .header("x-amzn-ErrorType", "ThrottlingException")
                    .body("__type", equalTo("ThrottlingException"))
                    .body("message", startsWith("This account's answers in progress hold as much as one account may"
                            + " at once (" + AwsAnswerLengths.LONGEST + " bytes at their longest)"));
            PersonalizeException refused = assertThrows(PersonalizeException.class,
                    () -> personalize.listDataDeletionJobs(request -> request.datasetGroupArn(group)));
            assertTrue(refused.isThrottlingException(), "the SDKs retry it with backoff: " + refused);
            assertEquals(400, refused.statusCode());

            // Shorter answers still fit beside the unread page: a description, a create, a page of ten.
            String arn = createJob(newJobName(), newDatasetGroupArn());
            call("DescribeDataDeletionJob", Map.of("dataDeletionJobArn", arn)).then().statusCode(200);
            call("ListDataDeletionJobs", listRequest(group, 10, null)).then().statusCode(200)
                    .body("dataDeletionJobs", hasSize(10));
        }
        // The connection is gone, and its page with it: the account's share is free again.
        awaitHeld(budget, 0, 0);
        call("ListDataDeletionJobs", listRequest(group, 100, null)).then().statusCode(200)
                .body("dataDeletionJobs", hasSize(100));
    }

    /** Asks for a page of {@link #group} on a connection that reads nothing of its answer. */
    private Socket unreadList() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("localhost", RestAssured.port));
        OutputStream out = socket.getOutputStream();
        out.write(RawHttp.awsJsonRequest("ListDataDeletionJobs",
                new ObjectMapper().writeValueAsString(listRequest(group, 100, null))));
        out.flush();
        return socket;
    }

}
