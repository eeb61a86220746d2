package dev.deletionjobs.graphql;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The served schema is the committed one, so every change to the API shows up for review as a diff of
 * src/main/graphql/schema.graphql. To accept a change: curl localhost:8080/graphql/schema.graphql into that file.
 */
@QuarkusTest
class GraphQLSchemaTest {

    static final Path COMMITTED = Path.of("src/main/graphql/schema.graphql");

    @Test
    void theServedSchemaIsTheCommittedOne() throws IOException {
        String served = given().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        assertEquals(Files.readString(COMMITTED).strip(), served.strip(),
                "the GraphQL schema changed: review it and update " + COMMITTED);
    }

    @Test
    void theServedSchemaStandsOnItsOwn() {
        // What a code generator or graphql-js's buildSchema does with it: every type it names is declared in it.
        String served = given().get("/graphql/schema.graphql").then().statusCode(200).extract().asString();
        assertDoesNotThrow(() -> UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(served)));
    }

    @Test
    void theGraphQLUiIsServed() {
        given().get("/q/graphql-ui/").then().statusCode(200);
    }
}
