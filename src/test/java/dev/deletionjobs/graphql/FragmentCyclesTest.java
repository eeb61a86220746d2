package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import graphql.GraphQLContext;
import graphql.ParseAndValidate;
import graphql.language.FragmentDefinition;
import graphql.parser.Parser;
import graphql.validation.rules.NoFragmentCycles;
import graphql.validation.rules.OverlappingFieldsCanBeMerged;

/** Fragment cycles found in one pass, in place of the engine's cubic rule. */
class FragmentCyclesTest {

    /** A chain of {@code length} fragments, each spreading the one before: valid, and some 35 characters a link. */
    static String chain(int length, boolean closed) {
        return IntStream.rangeClosed(1, length)
                .mapToObj(k -> "fragment F" + k + " on Query { ...F" + (k == 1 ? (closed ? length : 0) : k - 1) + " }")
                .collect(Collectors.joining("\n", "{ ...F" + length + " }\nfragment F0 on Query { __typename }\n", ""));
    }

    @Test
    @Timeout(30)
    void aLongChainHasNoCycleAndAClosedOneHas() {
        assertNull(FragmentCycles.in(Parser.parse(chain(500, false))));
        FragmentDefinition cycle = FragmentCycles.in(Parser.parse(chain(500, true)));
        assertTrue(cycle != null && cycle.getName().startsWith("F"));
    }

    @Test
    void spreadsUnderFieldsAndInlineFragmentsCountAndUnknownFragmentsDoNot() {
        assertEquals("A", FragmentCycles.in(Parser.parse("{ ...A } fragment A on Query { dataDeletionJobs {"
                + " ... on DataDeletionJobConnection { ...B } } } fragment B on DataDeletionJobConnection {"
                + " nodes { ...C } } fragment C on DataDeletionJob { ...A }")).getName());
        assertEquals("S", FragmentCycles.in(Parser.parse("{ ...S } fragment S on Query { ...S }")).getName());
        assertNull(FragmentCycles.in(Parser.parse("{ ...A ...A } fragment A on Query { ...Missing ...B ...B }"
                + " fragment B on Query { __typename }")));
    }

    @Test
    void theEnginesRuleIsLeftOutAndOthersAreKept() {
        GraphQLContext context = GraphQLContext.newContext()
                .of(ParseAndValidate.INTERNAL_VALIDATION_PREDICATE_HINT,
                        (Predicate<Class<?>>) rule -> rule != OverlappingFieldsCanBeMerged.class)
                .build();
        FragmentCycles.skipEnginesRule(context);
        Predicate<Class<?>> rules = context.get(ParseAndValidate.INTERNAL_VALIDATION_PREDICATE_HINT);
        assertFalse(rules.test(NoFragmentCycles.class));
        assertFalse(rules.test(OverlappingFieldsCanBeMerged.class), "a rule left out before stays out");
        assertTrue(rules.test(graphql.validation.rules.FieldsOnCorrectType.class));
    }
}
