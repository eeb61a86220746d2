package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.testing.TestSettings;
import graphql.ParseAndValidate;
import graphql.introspection.IntrospectionQuery;
import graphql.language.Document;
import graphql.language.FragmentDefinition;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/** The cost rules on the committed schema, against the default limits of the real settings. */
class QueryCostTest {

    /** A dashboard's page: 100 jobs with every field, their count and where the page lies. */
    static final String DASHBOARD_PAGE = """
            dataDeletionJobs(datasetGroupArn: $group, first: 100, after: $after) {
              totalCount
              pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
              edges {
                cursor
                node {
                  arn jobName status failureReason numDeleted datasetGroupArn roleArn
                  creationDateTime lastUpdatedDateTime dataSource { dataLocation } tags { tagKey tagValue }
                }
              }
            }""";

    /** That page, with a count per status beside it: what a real dashboard asks for in one request. */
    static final String DASHBOARD = "query Dashboard($group: String, $after: String) {\n  page: " + DASHBOARD_PAGE
            + "\n  pending: dataDeletionJobs(datasetGroupArn: $group, status: [PENDING], first: 0) { totalCount }"
            + "\n  running: dataDeletionJobs(datasetGroupArn: $group, status: [IN_PROGRESS], first: 0) { totalCount }"
            + "\n  failed: dataDeletionJobs(datasetGroupArn: $group, status: [FAILED], first: 0) { totalCount }"
            + "\n}";

    /** 12 fragments, each asking for the next under 10 aliases: 10^12 fields, written in 2 KB. */
    static final String FRAGMENT_BOMB = IntStream.range(0, 12)
            .mapToObj(level -> IntStream.range(0, 10)
                    .mapToObj(alias -> "a" + alias + ": ofType { " + (level == 11 ? "name" : "...F" + (level + 1)) + " }")
                    .collect(Collectors.joining(" ", "fragment F" + level + " on __Type { ", " }")))
            .collect(Collectors.joining("\n", "{ __schema { types { ...F0 } } }\n", ""));

    /**
     * {@code fragments} fragments on Query, each spreading the one before twice between two aliased fields: 2^n fields
     * spelled out, in some 70 characters a fragment.
     */
    static String doublingFragments(int fragments) {
        StringBuilder document = new StringBuilder("{ ...F" + (fragments - 1) + " }\nfragment F0 on Query { __typename }");
        for (int k = 1; k < fragments; k++) {
            document.append("\nfragment F").append(k).append(" on Query { a").append(k).append(": __typename ...F")
                    .append(k - 1).append(" b").append(k).append(": __typename ...F").append(k - 1).append(" }");
        }
        return document.toString();
    }

    private static GraphQLSchema schema;
    private static PersonalizeConfig.Graphql limits;
    private static QueryCost cost;

    @BeforeAll
    static void committedSchema() throws IOException {
        // It declares its scalars (DateTime too): it stands on its own.
        String sdl = Files.readString(GraphQLSchemaTest.COMMITTED);
        schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl));
        cost = new QueryCost(schema);
        limits = TestSettings.defaults().graphql();
    }

    @Test
    void aDashboardFitsTheDefaults() {
        QueryCost.Measure dashboard = measure(DASHBOARD, Map.of());
        assertEquals(4, dashboard.rootFields());
        assertEquals(5, dashboard.depth());
        // The page, its totalCount and both probes of its pageInfo: 4 store calls; pageInfo with its 2 cursors, and
        // edges; 100 edges of 615 points (200 tags); 3 counts of 2 calls each.
        assertEquals(4 * (1 + QueryCost.STORE_QUERY) + 3 + 1 + 100 * 615 + 3 * 2 * (1 + QueryCost.STORE_QUERY),
                dashboard.cost());
        assertTrue(dashboard.cost() <= limits.maxComplexity(), () -> "costs " + dashboard.cost());
        assertTrue(dashboard.depth() <= limits.maxDepth());
        assertTrue(dashboard.rootFields() <= limits.maxRootFields());
        // Several full pages side by side fit too.
        String pages = IntStream.range(0, 5).mapToObj(i -> "p" + i + ": " + DASHBOARD_PAGE)
                .collect(Collectors.joining("\n", "query($group: String, $after: String) {\n", "\n}"));
        assertTrue(measure(pages, Map.of()).cost() <= limits.maxComplexity());
        // Its answer, with every job's 200 tags at their longest in letters of four bytes; two such at once.
        assertEquals(32_149_589, dashboard.answerLength());
        assertTrue(dashboard.answerLength() <= limits.maxAnswerLength());
        assertTrue(2 * dashboard.answerLength() <= TestSettings.defaults().http().maxAnswerLengthInFlight());
    }

    @Test
    void theIntrospectionQueryOfGraphiQLFitsTheDefaults() {
        QueryCost.Measure introspection = measure(IntrospectionQuery.INTROSPECTION_QUERY, Map.of());
        assertTrue(introspection.depth() <= limits.maxDepth(), () -> "nests " + introspection.depth());
        assertTrue(introspection.cost() <= limits.maxComplexity(), () -> "costs " + introspection.cost());
        assertTrue(introspection.answerLength() <= limits.maxAnswerLength(), () -> "writes " + introspection.answerLength());
    }

    @Test
    void anAnswerIsBoundedByTheLongestValueOfEachFieldNotOnlyByItsPoints() {
        QueryCost.Measure dashboard = measure(DASHBOARD, Map.of());
        assertTrue(dashboard.answerLength() <= limits.maxAnswerLength(), () -> "writes " + dashboard.answerLength());
        // A page's tag values under 23 aliases: 481,202 points, within the budget, and some 120 MB of answer for a
        // document of 400 characters.
        String aliases = IntStream.range(0, 23).mapToObj(i -> "v" + i + ": tagValue")
                .collect(Collectors.joining(" ", "{ dataDeletionJobs(first: 100) { nodes { tags { ", " } } } }"));
        QueryCost.Measure amplified = measure(aliases, Map.of());
        assertTrue(amplified.cost() <= limits.maxComplexity(), () -> "costs " + amplified.cost());
        assertTrue(amplified.answerLength() > 100 * 200 * 23 * 256, () -> "writes " + amplified.answerLength());
        assertTrue(amplified.answerLength() > limits.maxAnswerLength());
        // One value, an id under the Node interface, is as long as the longest id.
        long id = measure("{ node(id: \"x\") { id } }", Map.of()).answerLength();
        assertTrue(id > GlobalIds.MAX_LENGTH, () -> "writes " + id);
    }

    @Test
    void textThatMayHoldAnyLetterCountsFourBytesACharacter() {
        // A tag value may be 128 characters longer than a key, each a letter of four bytes in UTF-8, on 200 tags.
        long values = measure("{ dataDeletionJobs(first: 1) { nodes { tags { t: tagValue } } } }", Map.of())
                .answerLength();
        long keys = measure("{ dataDeletionJobs(first: 1) { nodes { tags { t: tagKey } } } }", Map.of())
                .answerLength();
        assertEquals(200 * 4 * (256 - 128), values - keys);
        // A dataset group's ARN may hold any letter, a role's ARN ASCII alone: 256 characters each.
        long groups = measure("{ dataDeletionJobs(first: 1) { nodes { a: datasetGroupArn } } }", Map.of())
                .answerLength();
        long roles = measure("{ dataDeletionJobs(first: 1) { nodes { a: roleArn } } }", Map.of()).answerLength();
        assertEquals(3 * 256, groups - roles);
    }

    @Test
    void aFieldCostsAPointPerValueAndAStoreQueryAThousand() {
        // The page and the count are store queries; 2 nodes, each with an arn and up to 200 tags of one field.
        assertEquals(2 * (1 + QueryCost.STORE_QUERY) + 1 + 2 * (1 + 1 + (1 + 200 * 2)),
                measure("{ dataDeletionJobs(first: 2) { totalCount nodes { arn tags { tagKey } } } }", Map.of())
                        .cost());
    }

    @Test
    void aConnectionIsChargedByItsFirstOrLastAndAHundredWithout() {
        String byVariable = "query($n: Int) { dataDeletionJobs(first: $n) { nodes { arn } } }";
        long ten = measure(byVariable, Map.of("n", 10)).cost();
        assertEquals(1 + QueryCost.STORE_QUERY + 1 + 10 * 2, ten);
        assertEquals(ten, measure("{ dataDeletionJobs(last: 10) { nodes { arn } } }", Map.of()).cost());
        long hundred = 1 + QueryCost.STORE_QUERY + 1 + 100 * 2;
        assertEquals(hundred, measure("{ dataDeletionJobs { nodes { arn } } }", Map.of()).cost());
        // A count the service refuses is charged as the largest page: the bound holds whatever the arguments.
        assertEquals(hundred, measure(byVariable, Map.of("n", 5000)).cost());
        assertEquals(hundred, measure("query($n: Int) { dataDeletionJobs(first: $n) { nodes { arn } } }",
                Map.of()).cost());
    }

    @Test
    void nodeAndNodesAreOneStoreQueryEachAndTheirFragmentsAreWalked() {
        // A lookup by id is one store query, like dataDeletionJob; what a fragment selects costs as anywhere else.
        String job = "... on DataDeletionJob { arn tags { tagKey } }";
        long oneJob = 1 + (1 + 200 * 2);
        assertEquals(1 + QueryCost.STORE_QUERY + oneJob,
                measure("{ dataDeletionJob(arn: \"a\") { arn tags { tagKey } } }", Map.of()).cost());
        QueryCost.Measure node = measure("query($id: ID!) { node(id: $id) { id " + job + " } }", Map.of("id", "x"));
        assertEquals(1 + QueryCost.STORE_QUERY + 1 + oneJob, node.cost());
        assertEquals(3, node.depth(), "node, tags, tagKey: fragments add no depth, and are walked");
        // nodes: one store query for all its ids, each id a node.
        String nodes = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename ...Job } }\n"
                + "fragment Job on DataDeletionJob { arn tags { tagKey } }";
        assertEquals(1 + QueryCost.STORE_QUERY + 3 * (1 + 1 + oneJob),
                measure(nodes, Map.of("ids", List.of("a", "b", "c"))).cost());
        assertEquals(1 + QueryCost.STORE_QUERY + 2 * (1 + 1),
                measure("{ nodes(ids: [\"a\", \"b\"]) { id } }", Map.of()).cost());
        // Past what the service reads, the ids are charged as the most it reads: it refuses the rest unread.
        List<String> tooMany = Collections.nCopies(5000, "a");
        assertEquals(1 + QueryCost.STORE_QUERY + 100 * (1 + 1), measure("query($ids: [ID!]!) { nodes(ids: $ids)"
                + " { id } }", Map.of("ids", tooMany)).cost());
        // Aliased lookups are lookups of their own.
        assertEquals(2 * (1 + QueryCost.STORE_QUERY + 1), measure("query($id: ID!) { a: node(id: $id) { id }"
                + " b: node(id: $id) { id } }", Map.of("id", "x")).cost());
    }

    @Test
    void fragmentsUnderNodesCountForDepthAndAHundredWholeJobsFit() {
        String deep = "{ node(id: \"x\") { ... on DataDeletionJob { tags { ... on Tag { tagKey } } } } }";
        assertEquals(3, measure(deep, Map.of()).depth());
        // A hundred ids of a whole job each, tags included, still fit the default budget.
        String page = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on DataDeletionJob { arn jobName status"
                + " failureReason numDeleted datasetGroupArn roleArn creationDateTime lastUpdatedDateTime"
                + " dataSource { dataLocation } tags { tagKey tagValue } } } }";
        QueryCost.Measure hundred = measure(page, Map.of("ids", Collections.nCopies(100, "a")));
        assertTrue(hundred.cost() <= limits.maxComplexity(), () -> "costs " + hundred.cost());
        assertEquals(1 + QueryCost.STORE_QUERY + 100 * (1 + 613), hundred.cost());
    }

    @Test
    void aRepeatedTotalCountIsOneCallAndEachAliasAnother() {
        long once = measure("{ c: dataDeletionJobs(first: 0) { totalCount } }", Map.of()).cost();
        String repeated = "{ c: dataDeletionJobs(first: 0) { totalCount ...Counts } }\n"
                + "fragment Counts on DataDeletionJobConnection { " + "totalCount ".repeat(99) + "}";
        assertEquals(once, measure(repeated, Map.of()).cost(), "one response key, merged: one call");
        String aliased = "{ c: dataDeletionJobs(first: 0) { a: totalCount b: totalCount ...Aliased } }\n"
                + "fragment Aliased on DataDeletionJobConnection { d: totalCount }";
        assertEquals(once + 2 * (1 + QueryCost.STORE_QUERY), measure(aliased, Map.of()).cost(),
                "three aliases, three calls (the store asked once)");
        // A second connection is counted again.
        assertEquals(2 * once, measure("{ c: dataDeletionJobs(first: 0) { totalCount }"
                + " d: dataDeletionJobs(first: 0) { totalCount } }", Map.of()).cost());
    }

    @Test
    void countsByStatusAreOneStoreQueryPerFieldChargedLikeTotalCount() {
        // A store query, the total, and byStatus: the four statuses of two fields each.
        long counts = measure("{ dataDeletionJobCounts { total byStatus { status count } } }", Map.of()).cost();
        assertEquals(1 + QueryCost.STORE_QUERY + 1 + 1 + 4 * (1 + 2), counts);
        long totalCount = measure("{ dataDeletionJobs(first: 0) { totalCount } }", Map.of()).cost();
        long page = measure("{ dataDeletionJobs(first: 0) { __typename } }", Map.of()).cost();
        assertEquals(QueryCost.STORE_QUERY, totalCount - page, "totalCount: its point and a store query, as here");
        // Each alias is a call of its own.
        assertEquals(2 * counts, measure("{ a: dataDeletionJobCounts { total byStatus { status count } }"
                + " b: dataDeletionJobCounts(datasetGroupArn: \"g\") { total byStatus { status count } } }",
                Map.of()).cost());
    }

    @Test
    void orderAndWindowChangeNothingOfAPagesCost() {
        String plain = "{ dataDeletionJobs(first: 10) { nodes { arn } } }";
        String ordered = "query($after: DateTime) { dataDeletionJobs(first: 10, createdAfter: $after,"
                + " createdBefore: \"2026-05-02T00:00:00Z\", orderBy: {field: CREATION_DATE_TIME, direction: ASC})"
                + " { nodes { arn } } }";
        assertEquals(measure(plain, Map.of()).cost(),
                measure(ordered, Map.of("after", "2026-05-01T00:00:00Z")).cost());
    }

    @Test
    void aDashboardWithItsHeaderCountsFitsTheDefaults() {
        String dashboard = "query Dashboard($group: String, $after: String) {\n  page: " + DASHBOARD_PAGE
                + "\n  header: dataDeletionJobCounts(datasetGroupArn: $group) { total byStatus { status count } }\n}";
        QueryCost.Measure measure = measure(dashboard, Map.of());
        assertTrue(measure.cost() <= limits.maxComplexity(), () -> "costs " + measure.cost());
        // One counts field instead of three counted connections: cheaper.
        assertTrue(measure.cost() < measure(DASHBOARD, Map.of()).cost());
    }

    @Test
    void eachProbeOfAPageInfoIsACallOfItsOwnAliasesToo() {
        long cursorsOnly = measure("{ dataDeletionJobs(first: 0) { pageInfo { startCursor endCursor } } }",
                Map.of()).cost();
        long probed = measure("{ dataDeletionJobs(first: 0) { pageInfo { hasNextPage hasPreviousPage"
                + " n: hasNextPage } } }", Map.of()).cost();
        assertEquals(cursorsOnly + 3 - 2 + 3 * QueryCost.STORE_QUERY, probed);
    }

    @Test
    void aliasesOfTheResolvedFieldsSpreadOverConnectionsExceedTheDefaults() {
        // Found by a review: 20 pages of one job, each spreading 990 aliases of totalCount, were about 60,000 points
        // and 19,800 resolver calls (seconds of CPU and as many log lines) when an object was charged once.
        String aliases = IntStream.range(0, 990).mapToObj(i -> "t" + i + ": totalCount")
                .collect(Collectors.joining(" "));
        String document = IntStream.range(0, 20).mapToObj(i -> "r" + i + ": dataDeletionJobs(first: 1) { ...F }")
                .collect(Collectors.joining(" ", "{ ", " }\nfragment F on DataDeletionJobConnection { " + aliases
                        + " }"));
        QueryCost.Measure measure = measure(document, Map.of());
        assertTrue(measure.cost() > limits.maxComplexity(), () -> "costs " + measure.cost());
    }

    @Test
    void theHostileDocumentsOfTheIssueExceedTheDefaults() {
        String fourHundredPages = IntStream.range(0, 400)
                .mapToObj(i -> "a" + i + ": dataDeletionJobs(first: 100) { totalCount edges { node { arn tags {"
                        + " tagKey tagValue } } } }")
                .collect(Collectors.joining(" ", "{ ", " }"));
        QueryCost.Measure pages = measure(fourHundredPages, Map.of());
        assertEquals(400, pages.rootFields());
        assertTrue(pages.cost() > limits.maxComplexity());

        String threeHundredCounts = IntStream.range(0, 300)
                .mapToObj(i -> "a" + i + ": dataDeletionJobs { ...Counts }")
                .collect(Collectors.joining(" ", "{ ", " }\n"))
                + "fragment Counts on DataDeletionJobConnection { " + "totalCount ".repeat(300) + "}";
        QueryCost.Measure counts = measure(threeHundredCounts, Map.of());
        assertTrue(counts.rootFields() > limits.maxRootFields());
        assertTrue(counts.cost() > limits.maxComplexity(), () -> "300 pages and 300 counts cost " + counts.cost());
    }

    @Test
    void nestedIntrospectionIsChargedByTheSchemasOwnCounts() {
        String nested = "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } }"
                + " } } } } } }";
        QueryCost.Measure measure = measure(nested, Map.of());
        assertEquals(10, measure.depth());
        assertTrue(measure.cost() > limits.maxComplexity(), () -> "costs " + measure.cost());
        // Deeper still, the cost saturates instead of overflowing.
        String deeper = "{ __schema { types { " + "fields { type { ".repeat(20) + "name" + " } }".repeat(20)
                + " } } }";
        assertEquals(Long.MAX_VALUE, measure(deeper, Map.of()).cost());
    }

    @Test
    @Timeout(10)
    void fragmentsThatMultiplyAreChargedEverythingWithoutBeingWalkedOut() {
        QueryCost.Measure measure = measure(FRAGMENT_BOMB, Map.of());
        assertEquals(Long.MAX_VALUE, measure.cost());
        assertTrue(measure.depth() <= limits.maxDepth(), "refused for its cost, not its depth");
    }

    @Test
    @Timeout(30)
    void fragmentsThatDoubleAreStoppedWhileTheyAreCollected() {
        for (int fragments : new int[] { 26, 40 }) {
            // 2^25 and 2^39 fields: the walk stops as the first response key passes its bound, not after collecting.
            QueryCost.Measure measure = measure(doublingFragments(fragments), Map.of());
            assertEquals(Long.MAX_VALUE, measure.cost());
            assertEquals("__typename", measure.repeatedKey());
        }
    }

    @Test
    @Timeout(30)
    void aFieldWrittenOverAndOverInOneSelectionStopsTheWalk() {
        QueryCost.Measure ids = measure("{ dataDeletionJobs { nodes { " + "id ".repeat(5000) + "} } }", Map.of());
        assertEquals("id", ids.repeatedKey());
        assertEquals(1, ids.rootFields(), "the root was counted before the walk stopped");
        assertEquals(Long.MAX_VALUE, ids.cost());
        // Up to the bound, they merge into one field, as the engine merges them.
        String hundred = "{ dataDeletionJobs { nodes { " + "id ".repeat(QueryCost.MAX_FIELDS_PER_KEY) + "} } }";
        assertEquals(measure("{ dataDeletionJobs { nodes { id } } }", Map.of()), measure(hundred, Map.of()));
    }

    @Test
    void depthCountsTheDeepestFieldAndRootFieldsCountResponseKeys() {
        QueryCost.Measure measure = measure("{ dataDeletionJobs { edges { node { tags { tagKey } } } }"
                + " dataDeletionJobs { totalCount } again: dataDeletionJobs { totalCount } __typename }", Map.of());
        assertEquals(5, measure.depth());
        assertEquals(3, measure.rootFields(), "fields of one response key merge, as the engine merges them");
    }

    private static QueryCost.Measure measure(String query, Map<String, Object> variables) {
        Document document = Parser.parse(query);
        assertEquals(List.of(), ParseAndValidate.validate(schema, document), "a valid document");
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        Map<String, FragmentDefinition> fragments = document.getDefinitionsOfType(FragmentDefinition.class).stream()
                .collect(Collectors.toMap(FragmentDefinition::getName, fragment -> fragment));
        return cost.measure(operation, fragments, variables);
    }
}
