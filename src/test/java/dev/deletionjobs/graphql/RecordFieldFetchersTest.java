package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.testing.GraphQLCalls;
import dev.deletionjobs.testing.RawGraphQLSocket;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * Every plain field of the wire records is read directly, so a field added to a record without an entry in
 * {@link RecordFieldFetchers} (which would still work, through SmallRye's slower fetcher) fails here.
 */
@QuarkusTest
class RecordFieldFetchersTest {

    @Inject
    GraphQLSchema smallRyeSchema;

    @Inject
    Vertx vertx;

    @TestHTTPResource("/graphql")
    URL graphql;

    @Test
    void everyPropertyFieldOfTheWireRecordsIsReadDirectly() {
        List<FieldCoordinates> properties = RecordFieldFetchers.propertyFields(smallRyeSchema);
        assertFalse(properties.isEmpty());
        assertEquals(properties.stream().sorted(RecordFieldFetchersTest::byName).toList(),
                RecordFieldFetchers.FETCHERS.keySet().stream().sorted(RecordFieldFetchersTest::byName).toList());

        GraphQLSchema installed = RecordFieldFetchers.installedIn(smallRyeSchema, "default");
        assertEquals(List.of(), RecordFieldFetchers.propertyFields(installed));
        for (FieldCoordinates field : properties) {
            assertSame(RecordFieldFetchers.FETCHERS.get(field), installed.getCodeRegistry().getDataFetcher(field,
                    installed.getObjectType(field.getTypeName()).getFieldDefinition(field.getFieldName())));
        }
    }

    @Test
    void installingTheFetchersAgainLeavesTheLiveSchemaAlone() throws Exception {
        // The WebSocket's engine is built on its first operation: then both engines' schemas are live.
        try (RawGraphQLSocket socket = RawGraphQLSocket.initialised(vertx, graphql.getPort(), new JsonObject())) {
            socket.subscribe("warm", "{ __typename }");
            assertEquals("next", socket.next().getString("type"));
        }
        RecordFieldFetchers.installedIn(smallRyeSchema, "default");
        // Rebuilding the types (not only the code registry) re-pointed shared ones at copies, and the live schema
        // then refused "... on Node" inside a connection's node as a fragment that can never apply.
        GraphQLCalls.answered("{ dataDeletionJobs(first: 1) { edges { node { ... on Node { id } } } } }", Map.of());
    }

    @Test
    void theDefaultFieldVisibilityIsNoBlockListToMatch() {
        // What SmallRye makes of quarkus.smallrye-graphql.field-visibility=default: a block list of "default".
        assertInstanceOf(BlockedFields.class, smallRyeSchema.getCodeRegistry().getFieldVisibility());
        assertSame(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY,
                RecordFieldFetchers.installedIn(smallRyeSchema, "default").getCodeRegistry().getFieldVisibility());
        // Any other setting is SmallRye's to apply, as configured.
        assertSame(smallRyeSchema.getCodeRegistry().getFieldVisibility(),
                RecordFieldFetchers.installedIn(smallRyeSchema, "Query.dataDeletionJob").getCodeRegistry()
                        .getFieldVisibility());
    }

    @Test
    void datesAlwaysHaveMilliseconds() {
        // A whole second reads as its neighbours do: ISO_INSTANT (SmallRye's) would write 22Z, not 22.000Z.
        assertEquals("2026-11-29T22:37:22.000Z", RecordFieldFetchers.dateTime(Instant.parse("2026-11-29T22:37:22Z")));
        assertEquals("1970-01-01T00:00:00.000Z", RecordFieldFetchers.dateTime(Instant.EPOCH));
        assertEquals("2026-11-29T22:37:22.120Z", RecordFieldFetchers.dateTime(Instant.parse("2026-11-29T22:37:22.12Z")));
        assertEquals("+10000-01-01T00:00:00.000Z",
                RecordFieldFetchers.dateTime(Instant.parse("+10000-01-01T00:00:00Z")));
        assertEquals("2026-11-29T22:37:22.000Z",
                RecordFieldFetchers.dateTime(Instant.parse("2026-11-29T22:37:22.000999999Z")));
        assertNull(RecordFieldFetchers.dateTime(null));
    }

    @Test
    void datesAreWrittenAsTheGeneralFormatterWritesThem() {
        Random random = new Random(20261129);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-29T22:37:22Z"),
                Instant.parse("2026-11-29T22:37:22.001Z"), Instant.parse("2026-11-29T22:37:22.120Z"),
                Instant.parse("2024-02-29T23:59:59.999Z"), Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2026-11-29T22:37:22.000000001Z"),
                Instant.parse("1969-07-20T20:17:40.500Z")));
        for (int i = 0; i < 20_000; i++) {
            instants.add(Instant.ofEpochMilli(random.nextLong(-30_610_224_000_000L, 253_402_300_800_000L)));
        }
        for (Instant instant : instants) {
            assertEquals(RecordFieldFetchers.DATE_TIME.format(instant), RecordFieldFetchers.dateTime(instant));
        }
    }

    private static int byName(FieldCoordinates a, FieldCoordinates b) {
        return a.toString().compareTo(b.toString());
    }
}
