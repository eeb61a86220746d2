package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.language.SourceLocation;
import io.smallrye.graphql.execution.ExecutionResponse;

/**
 * The streamed answer says what SmallRye's writer says, member for member and in its order, for every kind of value
 * the engine builds, with errors or without, and as a graphql-transport-ws message.
 */
class GraphQLAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GraphQLAnswers answers = new GraphQLAnswers();

    @Test
    void anAnswerWithoutErrorsIsSmallRyes() throws IOException {
        assertSameAnswer(ExecutionResult.newExecutionResult().data(data())
                .extensions(Map.of("requestId", "r-1")).build());
    }

    @Test
    void aPartialAnswerKeepsSmallRyesErrors() throws IOException {
        GraphQLError error = GraphqlErrorBuilder.newError().message("Value 'job' at 'arn' failed")
                .path(List.of("broken")).location(new SourceLocation(1, 17))
                .extensions(Map.of("code", "InvalidInputException")).build();
        assertSameAnswer(ExecutionResult.newExecutionResult().data(data()).addError(error)
                .extensions(Map.of("requestId", "r-2")).build());
        assertSameAnswer(ExecutionResult.newExecutionResult().addError(error).build());
    }

    @Test
    void aWebSocketMessageCarriesTheAnswerAsItsPayload() throws IOException {
        ExecutionResponse response = new ExecutionResponse(ExecutionResult.newExecutionResult().data(data()).build());
        JsonNode message = JSON.readTree(answers.message("op-\"1\"", "next", response).getBytes());
        assertEquals(List.of("id", "type", "payload"), names(message));
        assertEquals("op-\"1\"", message.get("id").asText());
        assertEquals("next", message.get("type").asText());
        assertEquals(JSON.readTree(response.getExecutionResultAsString()), message.get("payload"));
    }

    private void assertSameAnswer(ExecutionResult result) throws IOException {
        ExecutionResponse response = new ExecutionResponse(result);
        String streamed = answers.answer(response).toString(StandardCharsets.UTF_8);
        JsonNode expected = JSON.readTree(response.getExecutionResultAsString());
        JsonNode actual = JSON.readTree(streamed);
        assertEquals(expected, actual, streamed);
        assertEquals(names(expected), names(actual), streamed);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every kind of value: nested objects and lists, nulls, numbers, booleans, enums and text that needs escapes. */
    private static Map<String, Object> data() {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("arn", "arn:aws:personalize:us-east-1:000000000000:data-deletion-job/j");
        node.put("failureReason", "\"quoted\" \\ line\nbreak \u0001 \u00e9\u2603 \ud801\udc00\ud83d\ude00");
        node.put("numDeleted", 42);
        node.put("total", 9_000_000_000L);
        node.put("status", JobStatusForTest.FAILED);
        node.put("hasNextPage", true);
        node.put("endCursor", null);
        node.put("tags", List.of(Map.of("tagKey", "k", "tagValue", ""), Map.of("tagKey", "\u00e9", "tagValue", "v")));
        node.put("empty", List.of());
        node.put("nested", Arrays.asList(List.of(1, 2), null, Map.of()));
        return Map.of("dataDeletionJobs", Map.of("nodes", List.of(node)));
    }

    private enum JobStatusForTest {
        FAILED
    }
}
