package dev.deletionjobs.graphql;

import static io.restassured.RestAssured.given;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.StoreForPackagedApp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GraphQLSchemaTest} against the packaged application. */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StoreForPackagedApp.class, restrictToAnnotatedClass = true)
class GraphQLSchemaIT extends GraphQLSchemaTest {

    /** A production build leaves the UI out unless built with quarkus.smallrye-graphql.ui.always-include=true. */
    @Override
    @Test
    void theGraphQLUiIsServed() {
        given().get("/q/graphql-ui/").then().statusCode(404);
    }
}
