package dev.deletionjobs.testing;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;
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
}
