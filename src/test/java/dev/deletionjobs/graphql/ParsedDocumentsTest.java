package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.parser.Parser;
import graphql.validation.ValidationError;

/** The caches of documents stay within their bound whatever documents arrive. */
class ParsedDocumentsTest {

    @Test
    void manyDistinctLargeDocumentsStayWithinTheBound() {
        ParsedDocuments<Boolean> parsed = new ParsedDocuments<>(ParsedDocuments.DEFAULT_CHARACTERS);
        String padding = "x".repeat(16_000);
        for (int i = 0; i < 5_000; i++) {
            parsed.put("{ a" + i + ": __typename } # " + padding, Boolean.TRUE);
            assertTrue(parsed.characters() <= ParsedDocuments.DEFAULT_CHARACTERS, () -> "holds "
                    + parsed.characters());
        }
        assertTrue(parsed.size() >= 60, "still remembers the recent ones: " + parsed.size());
        assertNotNull(parsed.get("{ a4999: __typename } # " + padding));
        assertNull(parsed.get("{ a0: __typename } # " + padding));
    }

    @Test
    void theLeastRecentlyUsedDocumentLeavesFirst() {
        ParsedDocuments<Boolean> parsed = new ParsedDocuments<>(35);
        parsed.put("{ a: __typename }", Boolean.TRUE);
        parsed.put("{ b }", Boolean.TRUE);
        assertNotNull(parsed.get("{ a: __typename }"));
        parsed.put("{ c: __typename }", Boolean.TRUE);
        assertNull(parsed.get("{ b }"), "used least recently");
        assertNotNull(parsed.get("{ a: __typename }"));
        assertNotNull(parsed.get("{ c: __typename }"));
        assertEquals(34, parsed.characters());
        parsed.put("{ d: __typename, e: __typename, f: __typename }", Boolean.TRUE);
        assertNull(parsed.get("{ d: __typename, e: __typename, f: __typename }"), "longer than the bound");
        assertEquals(2, parsed.size());
    }

    @Test
    void theEngineParsesAValidDocumentOnceAndAnInvalidOneEachTime() {
        ValidatedDocuments documents = new ValidatedDocuments();
        AtomicInteger parses = new AtomicInteger();
        Function<ExecutionInput, PreparsedDocumentEntry> valid = input -> {
            parses.incrementAndGet();
            return new PreparsedDocumentEntry(Parser.parse(input.getQuery()));
        };
        ExecutionInput query = ExecutionInput.newExecutionInput("{ __typename }").build();
        PreparsedDocumentEntry first = documents.getDocumentAsync(query, valid).join();
        assertSame(first, documents.getDocumentAsync(query, valid).join());
        assertEquals(1, parses.get());

        Function<ExecutionInput, PreparsedDocumentEntry> invalid = input -> {
            parses.incrementAndGet();
            return new PreparsedDocumentEntry(Parser.parse(input.getQuery()),
                    List.of(ValidationError.newValidationError().description("no").build()));
        };
        ExecutionInput wrong = ExecutionInput.newExecutionInput("{ nope }").build();
        documents.getDocumentAsync(wrong, invalid).join();
        documents.getDocumentAsync(wrong, invalid).join();
        assertEquals(3, parses.get());
    }
}
