package dev.deletionjobs.graphql;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

import dev.deletionjobs.http.ResponseBuffers;
import graphql.ExecutionResult;
import io.smallrye.graphql.execution.ExecutionResponse;
import io.vertx.core.buffer.Buffer;

/**
 * The engine's answers as JSON, streamed straight into the buffer they are sent from, over HTTP and WebSocket alike:
 * {@code errors} in SmallRye's shape (SmallRye writes them: they are few and short), then {@code data} and
 * {@code extensions} as the engine built them, in SmallRye's order. SmallRye's own writer builds a JSON-P tree of the
 * whole answer and then a string of it: an answer of 70 MB took more than a 256 MB heap that way, and its partial
 * answers (data beside an error) and WebSocket answers went through it.
 */
final class GraphQLAnswers {

    /** A letter beyond the BMP is written as its four UTF-8 bytes, not as two escapes of six (three times longer). */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();

    private final ResponseBuffers buffers = new ResponseBuffers(JSON);

    /** {@code answer} as one JSON object. */
    Buffer answer(ExecutionResponse answer) throws IOException {
        return buffers.write(json -> write(json, answer));
    }

    /** A graphql-transport-ws message of {@code type} about operation {@code id}, with {@code answer} as payload. */
    Buffer message(String id, String type, ExecutionResponse answer) throws IOException {
        return buffers.write(json -> {
            json.writeStartObject();
            json.writeStringField("id", id);
            json.writeStringField("type", type);
            json.writeFieldName("payload");
            write(json, answer);
            json.writeEndObject();
        });
    }

    private static void write(JsonGenerator json, ExecutionResponse answer) throws IOException {
        ExecutionResult result = answer.getExecutionResult();
        json.writeStartObject();
        if (!result.getErrors().isEmpty()) {
            json.writeFieldName("errors");
            json.writeRawValue(errorsOf(result));
        }
        if (result.isDataPresent()) {
            json.writeFieldName("data");
            value(json, result.getData());
        }
        if (result.getExtensions() != null && !result.getExtensions().isEmpty()) {
            json.writeFieldName("extensions");
            value(json, result.getExtensions());
        }
        json.writeEndObject();
    }

    /** The errors alone, as SmallRye writes them (message, locations, path, extensions). */
    static String errorsOf(ExecutionResult result) {
        ExecutionResult errors = ExecutionResult.newExecutionResult().errors(result.getErrors()).build();
        return new ExecutionResponse(errors).getExecutionResultAsJsonObject().getJsonArray("errors").toString();
    }

    /** A value of the engine's result: maps, lists and the scalars' serialized forms. */
    private static void value(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof RecordObjectExecutionStrategy.CompletedObject object) {
            json.writeStartObject();
            for (int i = 0; i < object.size(); i++) {
                json.writeFieldName(object.encodedKey(i));
                value(json, object.value(i));
            }
            json.writeEndObject();
        } else if (value instanceof Map<?, ?> object) {
            json.writeStartObject();
            for (Map.Entry<?, ?> member : object.entrySet()) {
                json.writeFieldName(String.valueOf(member.getKey()));
                value(json, member.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> array) {
            json.writeStartArray();
            for (Object element : array) {
                value(json, element);
            }
            json.writeEndArray();
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }
}
