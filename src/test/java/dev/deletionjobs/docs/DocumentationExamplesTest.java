package dev.deletionjobs.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import graphql.language.Document;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;

/**
 * Every GraphQL example in README, docs/ and bench/ is a document the service accepts: it parses, and it validates against
 * the committed schema (the schema a deployed service serves, which {@code GraphQLSchemaTest} holds to the code). A
 * dashboard author copies these; one that the schema refuses is a bug of the docs.
 */
class DocumentationExamplesTest {

    private static final Path ROOT = Documents.ROOT;
    private static final Pattern GRAPHQL_FENCE = Pattern.compile("^```graphql\\n(.*?)^```", Pattern.MULTILINE
            | Pattern.DOTALL);

    @Test
    void everyGraphQLExampleValidatesAgainstTheSchema() {
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Documents.read(ROOT.resolve("src/main/graphql/schema.graphql"))));
        List<String> refused = new ArrayList<>();
        int examples = 0;
        for (Path document : Documents.all()) {
            Matcher fence = GRAPHQL_FENCE.matcher(Documents.read(document));
            while (fence.find()) {
                examples++;
                String where = ROOT.relativize(document) + " at character " + fence.start();
                try {
                    Document parsed = Parser.parse(fence.group(1));
                    for (ValidationError error : new Validator().validateDocument(schema, parsed, Locale.ENGLISH)) {
                        refused.add(where + ": " + error.getMessage());
                    }
                } catch (InvalidSyntaxException e) {
                    refused.add(where + ": " + e.getMessage());
                }
            }
        }
        assertTrue(examples >= 5, "the examples were found: " + examples);
        assertEquals(List.of(), refused, "GraphQL examples the schema refuses");
    }

    @Test
    void aDocumentWrittenForTheStringFilterIsCaught() {
        // The mistake this test was written for: a status filter as strings, which the enum refuses.
        GraphQLSchema schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse(Documents.read(ROOT.resolve("src/main/graphql/schema.graphql"))));
        Document stale = Parser.parse("{ dataDeletionJobs(status: [\"FAILED\"]) { totalCount } }");
        assertFalse(new Validator().validateDocument(schema, stale, Locale.ENGLISH).isEmpty());
    }
}
