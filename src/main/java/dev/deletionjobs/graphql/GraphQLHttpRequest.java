package dev.deletionjobs.graphql;

import java.util.List;
import java.util.Map;

import dev.deletionjobs.error.InvalidInputException;
import io.vertx.core.MultiMap;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/**
 * A GraphQL request as GraphQL over HTTP defines it, read once, from a POST's JSON body or a GET's query parameters:
 * the document, and the optional operation name, variables and extensions. What is checked is what runs: the engine
 * is handed these values, never the request's text to read again.
 *
 * @param operationName null when not given; an empty name is kept, since the engine reads it as "the first operation"
 * @param variables null when not given
 * @param extensions null when not given
 */
record GraphQLHttpRequest(String query, String operationName, JsonObject variables, JsonObject extensions) {

    static final String QUERY = "query";
    static final String OPERATION_NAME = "operationName";
    static final String VARIABLES = "variables";
    static final String EXTENSIONS = "extensions";

    /** A POST's body, decoded as JSON (null when it was no JSON object). */
    static GraphQLHttpRequest ofBody(JsonObject body) {
        Object query = body == null ? null : body.getValue(QUERY);
        if (!(query instanceof String text) || text.isBlank()) {
            throw new InvalidInputException("The request body must be a JSON object with a query string.");
        }
        Object operationName = body.getValue(OPERATION_NAME);
        if (operationName != null && !(operationName instanceof String)) {
            throw new InvalidInputException("The request's operationName must be a string or null.");
        }
        return new GraphQLHttpRequest(text, (String) operationName, object(body.getValue(VARIABLES), VARIABLES),
                object(body.getValue(EXTENSIONS), EXTENSIONS));
    }

    /**
     * A GET's query parameters, as Vert.x decoded them (once): {@code variables} and {@code extensions} must be JSON
     * objects; an empty parameter counts as absent, a repeated one is refused.
     */
    static GraphQLHttpRequest ofParameters(MultiMap parameters) {
        String query = single(parameters, QUERY);
        if (query == null || query.isBlank()) {
            throw new InvalidInputException("A GET request carries its document in the query parameter.");
        }
        return new GraphQLHttpRequest(query, single(parameters, OPERATION_NAME),
                object(json(single(parameters, VARIABLES), VARIABLES), VARIABLES),
                object(json(single(parameters, EXTENSIONS), EXTENSIONS), EXTENSIONS));
    }

    private static String single(MultiMap parameters, String name) {
        List<String> values = parameters.getAll(name);
        if (values.size() > 1) {
            throw new InvalidInputException("A GET request gives its " + name + " parameter at most once.");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** A parameter's JSON value; null for an empty or absent parameter. */
    private static Object json(String parameter, String name) {
        if (parameter == null || parameter.isEmpty()) {
            return null;
        }
        try {
            return Json.decodeValue(parameter);
        } catch (DecodeException e) {
            throw notAnObject(name);
        }
    }

    /** {@code value} as a JSON object within {@link RequestValues}' bounds, null when it is null. */
    @SuppressWarnings("unchecked")
    private static JsonObject object(Object value, String name) {
        if (value == null) {
            return null;
        }
        JsonObject object;
        if (value instanceof JsonObject decoded) {
            object = decoded;
        } else if (value instanceof Map<?, ?> map) {
            object = new JsonObject((Map<String, Object>) map);
        } else {
            throw notAnObject(name);
        }
        RequestValues.check(object, name);
        return object;
    }

    private static InvalidInputException notAnObject(String name) {
        return new InvalidInputException("The request's " + name + " must be a JSON object.");
    }
}
