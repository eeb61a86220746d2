package dev.deletionjobs.graphql;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import com.fasterxml.jackson.databind.JsonNode;

import dev.deletionjobs.error.InvalidInputException;
import io.quarkus.jsonp.JsonProviderHolder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A request's {@code variables} and {@code extensions}: held to a bound before the engine reads them, and handed to it
 * as the JSON-P it reads, converted straight from the tree the request was decoded into. The body's size bounds their
 * bytes, but not the engine's work: a list of 100,000 values is converted and coerced value by value, some ten times
 * what the same bytes cost as text. No operation takes a list of more than 200 values (a job's tags).
 */
final class RequestValues {

    /** Five times the longest list an operation takes. */
    static final int MAX_LIST_LENGTH = 1_000;

    private static final JsonProvider JSON = JsonProviderHolder.jsonProvider();

    private RequestValues() {
    }

    /**
     * Refuses {@code value}, a request's {@code member} as Vert.x decoded it, when a list in it is too long or a number
     * in it too large to read.
     *
     * @throws InvalidInputException naming where in the request the value is
     */
    static void check(JsonObject value, String member) {
        for (Map.Entry<String, Object> field : value) {
            checkValue(field.getValue(), member, field.getKey());
        }
    }

    /** The same bound for a request that arrived over a WebSocket, as Jackson decoded it. */
    static void check(JsonNode value, String member) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            checkNode(field.getValue(), member, field.getKey());
        }
    }

    /** Checks the value under {@code key} of {@code parent}; a path is only spelled out for a container or a refusal. */
    private static void checkValue(Object value, String parent, Object key) {
        if (value instanceof JsonObject object) {
            check(object, parent + "." + key);
        } else if (value instanceof JsonArray array) {
            String path = parent + "." + key;
            if (array.size() > MAX_LIST_LENGTH) {
                throw tooLong(path, array.size());
            }
            for (int i = 0; i < array.size(); i++) {
                checkValue(array.getValue(i), path, i);
            }
        } else if (value instanceof Double number && !Double.isFinite(number)) {
            throw tooLarge(parent + "." + key);
        }
    }

    private static void checkNode(JsonNode value, String parent, Object key) {
        if (value.isObject()) {
            check(value, parent + "." + key);
        } else if (value.isArray()) {
            String path = parent + "." + key;
            if (value.size() > MAX_LIST_LENGTH) {
                throw tooLong(path, value.size());
            }
            for (int i = 0; i < value.size(); i++) {
                checkNode(value.get(i), path, i);
            }
        } else if (value.isDouble() && !Double.isFinite(value.doubleValue())) {
            throw tooLarge(parent + "." + key);
        }
    }

    /** {@code object}, checked by {@link #check(JsonObject, String)}, as a JSON-P object. */
    static jakarta.json.JsonObject jsonP(JsonObject object) {
        JsonObjectBuilder builder = JSON.createObjectBuilder();
        for (Map.Entry<String, Object> field : object) {
            builder.add(field.getKey(), jsonPValue(field.getValue()));
        }
        return builder.build();
    }

    private static JsonValue jsonPValue(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof String text) {
            return JSON.createValue(text);
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Integer number) {
            return JSON.createValue(number.intValue());
        }
        if (value instanceof Long number) {
            return JSON.createValue(number.longValue());
        }
        if (value instanceof Number number) {
            // A double, BigInteger or BigDecimal: its own text, as the engine would have read it from the request.
            return JSON.createValue(new BigDecimal(number.toString()));
        }
        if (value instanceof JsonObject object) {
            return jsonP(object);
        }
        if (value instanceof JsonArray array) {
            JsonArrayBuilder builder = JSON.createArrayBuilder();
            for (int i = 0; i < array.size(); i++) {
                builder.add(jsonPValue(array.getValue(i)));
            }
            return builder.build();
        }
        throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
    }

    private static InvalidInputException tooLong(String path, int length) {
        return new InvalidInputException("The request's " + path + " is a list of " + length + " values; at most "
                + MAX_LIST_LENGTH + " are read.");
    }

    private static InvalidInputException tooLarge(String path) {
        return new InvalidInputException("The request's " + path + " is a number too large to read.");
    }
}
