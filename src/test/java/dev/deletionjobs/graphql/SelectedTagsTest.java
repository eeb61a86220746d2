package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.job.JobReading;
import graphql.GraphQLContext;
import graphql.execution.MergedField;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.DataFetchingEnvironmentImpl;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;

/**
 * Where a connection's answer shows tags, read from the document (the end-to-end cases, with the store's reads, are in
 * {@link TagsReadWhenShownTest}).
 */
class SelectedTagsTest {

    private static final GraphQLSchema SCHEMA = new SchemaGenerator().makeExecutableSchema(
            new SchemaParser().parse("type Query { jobs: Int }"), RuntimeWiring.newRuntimeWiring().build());

    @Test
    void tagsAreSelectedByNameThroughAliasesAndFragments() {
        assertEquals(JobReading.WITHOUT_TAGS, reading("{ jobs { nodes { arn } edges { node { arn } } } }"));
        assertEquals(JobReading.WHOLE, reading("{ jobs { nodes { t: tags { tagKey } } } }"));
        assertEquals(JobReading.WHOLE, reading("{ jobs { edges { ... { node { ... on Job { tags { tagKey } } } } } } }"));
        assertEquals(JobReading.WHOLE, reading("{ jobs { ...Page } } fragment Page on C { edges { node { ...Job } } }"
                + " fragment Job on Job { tags { tagKey } }"));
        // Only the path counts: tags elsewhere in the page (a field of that name on an edge) are not the jobs'.
        assertEquals(JobReading.WITHOUT_TAGS, reading("{ jobs { edges { tags node { arn } } } }"));
        // A fragment that finds nothing at one step of the path may at another.
        assertEquals(JobReading.WHOLE, reading("{ jobs { ...T nodes { ...T } } } fragment T on Job { tags { tagKey } }"));
    }

    @Test
    void everyNodeOfAMergedFieldCounts() {
        // a: jobs { nodes { arn } } a: jobs { nodes { tags { tagKey } } }: one field to the engine, two nodes.
        assertEquals(JobReading.WHOLE, reading("{ a: jobs { nodes { arn } } a: jobs { nodes { tags { tagKey } } } }"));
        assertEquals(JobReading.WITHOUT_TAGS, reading("{ a: jobs { nodes { arn } } a: jobs { nodes { id } } }"));
    }

    @Test
    void skipAndIncludeAreDecidedForEachNode() {
        assertEquals(JobReading.WITHOUT_TAGS, reading("{ jobs { nodes { tags @skip(if: true) { tagKey } } } }"));
        assertEquals(JobReading.WITHOUT_TAGS, reading("query($v: Boolean!) { jobs { nodes @include(if: $v) { tags"
                + " { tagKey } } } }", Map.of("v", false)));
        assertEquals(JobReading.WHOLE, reading("query($v: Boolean!) { jobs { nodes @include(if: $v) { tags { tagKey }"
                + " } } }", Map.of("v", true)));
        // The same fragment spread twice: the skipped spread does not decide for the other.
        String twice = "{ jobs { nodes { ...Job @skip(if: true) ...Job } } } fragment Job on Job { tags { tagKey } }";
        assertEquals(JobReading.WHOLE, reading(twice));
    }

    @Test
    // On a thread of its own, so that a walk that never ends fails the test instead of holding the run.
    @Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void fragmentsSpreadingEachOtherTwiceAreWalkedOnceEach() {
        // 60 fragments, each spreading the next twice: 2^60 paths to the last one, which has no tags.
        StringBuilder document = new StringBuilder("{ jobs { nodes { ...F0 } } }");
        for (int i = 0; i < 60; i++) {
            document.append(" fragment F").append(i).append(" on Job { ...F").append(i + 1).append(" ...F")
                    .append(i + 1).append(" }");
        }
        assertEquals(JobReading.WITHOUT_TAGS, reading(document + " fragment F60 on Job { arn }"));
        assertEquals(JobReading.WHOLE, reading(document + " fragment F60 on Job { tags { tagKey } }"));
    }

    private static JobReading reading(String document) {
        return reading(document, Map.of());
    }

    /** What the root field of {@code document} (one response key) reads, as the connection's fetcher asks. */
    private static JobReading reading(String document, Map<String, Object> variables) {
        Document parsed = Parser.parse(document);
        OperationDefinition operation = parsed.getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = new HashMap<>();
        parsed.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
        // Every root node of the document, as the engine merges those of one response key.
        List<Field> roots = operation.getSelectionSet().getSelectionsOfType(Field.class);
        DataFetchingEnvironment environment = DataFetchingEnvironmentImpl.newDataFetchingEnvironment()
                .mergedField(MergedField.newMergedField(roots).build()).fragmentsByName(fragments)
                .variables(variables).graphQLSchema(SCHEMA).graphQLContext(GraphQLContext.newContext().build())
                .build();
        return SelectedTags.reading(environment, SelectedTags.IN_CONNECTION);
    }
}
