package dev.deletionjobs.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** GraphQL requests as a dashboard sends them: a query and its variables as a map, never spliced into the text. */
public final class GraphQLCalls {

    private GraphQLCalls() {
    }

    public static Response graphql(String query, Map<String, ?> variables) {
        Map<String, Object> body = new HashMap<>();
        body.put("query", query);
        body.put("variables", variables);
        return given().contentType(ContentType.JSON).body(body).post("/graphql");
    }

    public static Response graphql(String query) {
        return graphql(query, Map.of());
    }

    /**
     * Sends {@code query} and asserts the answer a client's mistake gets: one error, with {@code code} in its
     * extensions and {@code messagePart} in its message, and no data.
     */
    public static void assertRefused(String query, Map<String, ?> variables, String code, String messagePart) {
        JsonPath result = graphql(query, variables).then().statusCode(200).extract().jsonPath();
        assertEquals(1, result.getList("errors").size(), result::prettify);
        assertEquals(code, result.getString("errors[0].extensions.code"), result::prettify);
        assertTrue(result.getString("errors[0].message").contains(messagePart), result::prettify);
        assertNull(result.get("data"), result::prettify);
    }

    /** Sends {@code query} and asserts an answer free of errors; answers its JSON. */
    public static JsonPath answered(String query, Map<String, ?> variables) {
        JsonPath answer = graphql(query, variables).then().statusCode(200).extract().jsonPath();
        assertNull(answer.get("errors"), answer::prettify);
        return answer;
    }

    /** Variables with null values left out, as clients omit unset arguments. */
    public static Map<String, Object> variables(Object... namesAndValues) {
        Map<String, Object> variables = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                variables.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return variables;
    }

    /** An instant as the GraphQL interface writes a DateTime: UTC, always three decimals (docs/graphql.md). */
    public static String dateTime(Instant instant) {
        return DATE_TIME.format(instant);
    }

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
}
