package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import graphql.execution.UnknownOperationException;
import graphql.language.NodeUtil;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;

/** The operation a document is checked for is the one graphql-java runs, whether or not the document is remembered. */
class DocumentOperationsTest {

    private static final List<String> DOCUMENTS = List.of(
            "subscription { a }",
            "{ a }",
            "subscription S { a } query Q { b }",
            "query Q { b } subscription S { a }",
            "mutation M { a } query Q { b } subscription S { c }",
            "query Q { a } query Q { b } subscription Q { c }",
            "{ a } subscription { b }",
            "subscription { a } { b }",
            "query { a } mutation M { b }",
            "fragment F on Query { a }");

    private static final List<String> NAMES = Arrays.asList(null, "", "Q", "S", "M", "Nope");

    @Test
    void theOperationCheckedIsTheOneGraphQLJavaChooses() {
        DocumentOperations documents = new DocumentOperations(16_384, ParsedDocuments.DEFAULT_CHARACTERS);
        for (String document : DOCUMENTS) {
            DocumentOperations.Operations operations = documents.read(document).operations();
            for (String name : NAMES) {
                String because = document + " / " + name;
                OperationDefinition chosen;
                try {
                    chosen = NodeUtil.getOperation(Parser.parse(document), name).operationDefinition;
                } catch (UnknownOperationException e) {
                    assertEquals(e.getMessage(), operations.unknown(name), because);
                    continue;
                } catch (java.util.NoSuchElementException e) {
                    // No operation at all: the engine's validation refuses the document before choosing.
                    assertNull(operations.kind(name), because);
                    continue;
                }
                assertNull(operations.unknown(name), because);
                assertEquals(chosen.getOperation(), operations.kind(name), because);
            }
        }
    }

    @Test
    void anAnswerDoesNotDependOnTheDocumentBeingRemembered() {
        // Remembers nothing: every document is longer than the bound, as if evicted as soon as it was read.
        DocumentOperations documents = new DocumentOperations(16_384, 4);
        for (int i = 0; i < 3; i++) {
            DocumentOperations.Read read = documents.read("subscription { dataDeletionJobChanged { id } }");
            assertNull(read.refusal());
            assertEquals(OperationDefinition.Operation.SUBSCRIPTION, read.operations().kind(null));
        }
    }

    @Test
    void whateverTheParserThrowsIsADocumentThatDoesNotParse() {
        DocumentOperations documents = new DocumentOperations(16_384, ParsedDocuments.DEFAULT_CHARACTERS);
        for (String document : List.of("{ a(b: \"\\u{FFFFFFFFFFFF}\") }", "{ a(b: \"\\u{110000}\") }", "{ a(",
                "{ a(b: \"\\uD800\") }")) {
            GraphQLRequestCheck.Refusal refusal = documents.read(document).refusal();
            if (refusal != null) {
                assertEquals("InvalidInputException", refusal.code(), document);
                assertTrue(refusal.message().startsWith("The document does not parse: "), refusal.message());
            }
        }
        assertEquals("InvalidInputException", documents.read("{ a(b: \"\\u{FFFFFFFFFFFF}\") }").refusal().code());
        assertEquals(DocumentOperations.TOO_LARGE, new DocumentOperations(10, 100).read("{ __typename }").refusal()
                .code());
    }

    /** The parser quotes the document around its fault: shown as every echoed value is, escaped and bounded. */
    @Test
    void aDocumentThatDoesNotParseIsQuotedPrintablyAndCut() {
        DocumentOperations documents = new DocumentOperations(100_000, ParsedDocuments.DEFAULT_CHARACTERS);
        String refusal = documents.read("{ \"\"\"line1\r\nline2" + "x".repeat(15_000) + " }").refusal().message();
        assertTrue(refusal.startsWith("The document does not parse: "), refusal);
        assertTrue(refusal.length() < 1_100, refusal.length() + " characters");
        assertTrue(refusal.chars().noneMatch(c -> c < 0x20), refusal);
        String bell = documents.read("{ a\u0007 }").refusal().message();
        assertTrue(bell.chars().noneMatch(c -> c < 0x20), bell);
    }
}
