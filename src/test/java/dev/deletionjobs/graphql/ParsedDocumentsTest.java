package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParsedDocumentsTest {

    @Test
    void manyDistinctLargeDocumentsStayWithinTheBound() {
        ParsedDocuments parsed = new ParsedDocuments(GraphQLRequestCheck.PARSED_CACHE_CHARACTERS);
        String padding = "x".repeat(16_000);
        for (int i = 0; i < 5_000; i++) {
            parsed.add("{ a" + i + ": __typename } # " + padding);
            assertTrue(parsed.characters() <= GraphQLRequestCheck.PARSED_CACHE_CHARACTERS, () -> "holds "
                    + parsed.characters());
        }
        assertTrue(parsed.size() >= 60, "still remembers the recent ones: " + parsed.size());
        assertTrue(parsed.contains("{ a4999: __typename } # " + padding));
        assertFalse(parsed.contains("{ a0: __typename } # " + padding));
    }

    @Test
    void theLeastRecentlyUsedDocumentLeavesFirst() {
        ParsedDocuments parsed = new ParsedDocuments(35);
        parsed.add("{ a: __typename }");
        parsed.add("{ b }");
        assertTrue(parsed.contains("{ a: __typename }"));
        parsed.add("{ c: __typename }");
        assertFalse(parsed.contains("{ b }"), "used least recently");
        assertTrue(parsed.contains("{ a: __typename }"));
        assertTrue(parsed.contains("{ c: __typename }"));
        assertEquals(34, parsed.characters());
        parsed.add("{ d: __typename, e: __typename, f: __typename }");
        assertFalse(parsed.contains("{ d: __typename, e: __typename, f: __typename }"), "longer than the bound");
        assertEquals(2, parsed.size());
    }
}
