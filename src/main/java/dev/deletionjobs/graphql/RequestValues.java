package dev.deletionjobs.graphql;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.error.InvalidInputException;
import io.netty.buffer.ByteBufInputStream;
import io.quarkus.jsonp.JsonProviderHolder;
import io.vertx.core.buffer.Buffer;
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

    /**
     * The most JSON values a request's body may hold, its containers counted: a document of its own, 200 tags of a
     * create and a page's worth of ids are a few hundred.
     */
    static final int MAX_BODY_VALUES = 10_000;

    private static final JsonProvider JSON = JsonProviderHolder.jsonProvider();
    private static final String NOT_AN_OBJECT = "The request body must be a JSON object with a query string.";
    private static final String NOT_JSON = "not JSON";

    /** Deeper than any operation's input (a create's tags are four levels down a request). */
    static final int MAX_DEPTH = 32;

    /** Longer than any member an operation reads: its variables' names are GraphQL names. */
    static final int MAX_NAME_LENGTH = 256;

    private static final JsonFactory TOKENS = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private RequestValues() {
    }

    /**
     * Refuses {@code value}, a request's {@code member} as Vert.x decoded it, when a list in it is too long or a number
     * in it too large to read.
     *
     * @throws InvalidInputException naming where in the request the value is
     */
    static void check(JsonObject value, String member) {
        checkObject(value, new Path(null, member));
    }

    /**
     * Refuses a request's body before it is decoded, walking its tokens without building anything: decoded, a
     * megabyte of {@code [{},{},...]} was 350,000 maps, some 24 MB held until {@link #check(JsonObject, String)}
     * refused the list they were in. A list of more than {@value #MAX_LIST_LENGTH} values anywhere in the body is
     * refused as that check refuses it (the first to start, named by its path), then a body of more than
     * {@value #MAX_BODY_VALUES} values. A body that is not one JSON object is refused too: what this walk cannot read
     * must not reach a decoder that might (Vert.x's reads comments).
     *
     * @throws InvalidInputException naming the list, or the number of values, or that the body is no JSON object
     */
    static void checkBody(Buffer body) {
        try (JsonParser parser = TOKENS.createParser((InputStream) new ByteBufInputStream(body.getByteBuf()))) {
            walk(parser, true, NOT_AN_OBJECT, "request body");
        } catch (IOException e) {
            // Not JSON (or past the parser's own limits), or more than one value.
            throw new InvalidInputException(NOT_AN_OBJECT);
        }
    }

    /**
     * The same walk over a WebSocket message before it is decoded, but for the lists, which the operation's own check
     * refuses ({@link #check(JsonNode, String)}): the message's nesting, member names and values.
     *
     * @throws InvalidInputException saying what the message holds too much of, or that it is no JSON object
     */
    static void checkMessage(String message) {
        try (JsonParser parser = TOKENS.createParser(message)) {
            walk(parser, false, NOT_JSON, "message");
        } catch (IOException e) {
            throw new InvalidInputException(NOT_JSON);
        }
    }

    /**
     * Walks one JSON object to its end, refusing a container deeper than {@value #MAX_DEPTH}, a member name longer than
     * {@value #MAX_NAME_LENGTH} or given twice, more than {@value #MAX_BODY_VALUES} values, and (with {@code lists}) a
     * list longer than {@value #MAX_LIST_LENGTH}.
     */
    private static void walk(JsonParser parser, boolean lists, String notAnObject, String whole)
            throws IOException {
        List<Object> keys = new ArrayList<>();
        List<long[]> open = new ArrayList<>();
        String tooLong = null;
        long tooLongStart = Long.MAX_VALUE;
        long tooLongLength = 0;
        long values = 0;
        String field = null;
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new InvalidInputException(notAnObject);
        }
        keys.add(null);
        open.add(null);
        values++;
        for (JsonToken token = nextToken(parser); token != null; token = nextToken(parser)) {
            if (token == JsonToken.FIELD_NAME) {
                field = parser.currentName();
                if (field.length() > MAX_NAME_LENGTH) {
                    throw new InvalidInputException("The request holds a member name of " + field.length()
                            + " characters; at most " + MAX_NAME_LENGTH + " are read.");
                }
                continue;
            }
            if (token == JsonToken.END_ARRAY || token == JsonToken.END_OBJECT) {
                int last = keys.size() - 1;
                long[] list = open.remove(last);
                // {start, length}: of the lists too long, the one that starts first is named, as a walk of the
                // decoded tree meets it first.
                if (lists && list != null && list[1] > MAX_LIST_LENGTH && list[0] < tooLongStart) {
                    tooLong = path(keys);
                    tooLongStart = list[0];
                    tooLongLength = list[1];
                }
                keys.remove(last);
                continue;
            }
            if (open.isEmpty()) {
                // A second value after the object.
                throw new InvalidInputException(notAnObject);
            }
            values++;
            long[] enclosing = open.get(open.size() - 1);
            Object key = enclosing != null ? Long.valueOf(enclosing[1]) : field;
            if (enclosing != null) {
                enclosing[1]++;
            }
            if (token == JsonToken.START_ARRAY || token == JsonToken.START_OBJECT) {
                if (keys.size() == MAX_DEPTH) {
                    throw new InvalidInputException("The request nests JSON more than " + MAX_DEPTH
                            + " levels deep.");
                }
                keys.add(key);
                open.add(token == JsonToken.START_ARRAY ? new long[] { values, 0 } : null);
            }
        }
        if (tooLong != null) {
            throw tooLong(tooLong, tooLongLength);
        }
        if (values > MAX_BODY_VALUES) {
            throw new InvalidInputException("The " + whole + " holds " + values + " JSON values; at most "
                    + MAX_BODY_VALUES + " are read.");
        }
    }

    /** The parser's next token; a member named twice is refused as such, not as JSON that does not parse. */
    private static JsonToken nextToken(JsonParser parser) throws IOException {
        try {
            return parser.nextToken();
        } catch (JsonParseException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                // awsJson refuses these too: a proxy in front may have read the first, and the engine the last.
                throw new InvalidInputException("The request names its member " + ConstraintViolations.shown(
                        String.valueOf(parser.currentName())) + " twice.");
            }
            throw e;
        }
    }

    /** The path of the innermost container, as {@link #check(JsonObject, String)} names one: the root's key left out. */
    private static String path(List<Object> keys) {
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < keys.size(); i++) {
            if (path.length() > 0) {
                path.append('.');
            }
            path.append(keys.get(i));
        }
        return path.toString();
    }

    /** The same bound for a request that arrived over a WebSocket, as Jackson decoded it. */
    static void check(JsonNode value, String member) {
        checkNode(value, new Path(null, member));
    }

    /**
     * Where a value is: spelled out only for a refusal. Spelled for every container on the way down, a path of long
     * member names nested deep was held whole at every level, some 500 MB for a megabyte of request.
     */
    private record Path(Path parent, Object key) {

        Path then(Object next) {
            return new Path(this, next);
        }

        @Override
        public String toString() {
            return parent == null ? String.valueOf(key) : parent + "." + key;
        }
    }

    private static void checkObject(JsonObject object, Path path) {
        for (Map.Entry<String, Object> field : object) {
            checkValue(field.getValue(), path.then(field.getKey()));
        }
    }

    private static void checkValue(Object value, Path path) {
        if (value instanceof JsonObject object) {
            checkObject(object, path);
        } else if (value instanceof JsonArray array) {
            if (array.size() > MAX_LIST_LENGTH) {
                throw tooLong(path.toString(), array.size());
            }
            for (int i = 0; i < array.size(); i++) {
                checkValue(array.getValue(i), path.then(i));
            }
        } else if (value instanceof Double number && !Double.isFinite(number)) {
            throw tooLarge(path.toString());
        }
    }

    private static void checkNode(JsonNode value, Path path) {
        if (value.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                checkNode(field.getValue(), path.then(field.getKey()));
            }
        } else if (value.isArray()) {
            if (value.size() > MAX_LIST_LENGTH) {
                throw tooLong(path.toString(), value.size());
            }
            for (int i = 0; i < value.size(); i++) {
                checkNode(value.get(i), path.then(i));
            }
        } else if (value.isDouble() && !Double.isFinite(value.doubleValue())) {
            throw tooLarge(path.toString());
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

    private static InvalidInputException tooLong(String path, long length) {
        return new InvalidInputException("The request's " + ConstraintViolations.shown(path) + " is a list of " + length
                + " values; at most "
                + MAX_LIST_LENGTH + " are read.");
    }

    private static InvalidInputException tooLarge(String path) {
        return new InvalidInputException("The request's " + ConstraintViolations.shown(path)
                + " is a number too large to read.");
    }
}
