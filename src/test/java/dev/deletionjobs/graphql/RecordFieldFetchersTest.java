package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLSchema;
import graphql.schema.visibility.BlockedFields;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every plain field of the wire records is read directly, so a field added to a record without an entry in
 * {@link RecordFieldFetchers} (which would still work, through SmallRye's slower fetcher) fails here.
 */
@QuarkusTest
class RecordFieldFetchersTest {

    @Inject
    GraphQLSchema smallRyeSchema;

    @Test
    void everyPropertyFieldOfTheWireRecordsIsReadDirectly() {
        List<FieldCoordinates> properties = RecordFieldFetchers.propertyFields(smallRyeSchema);
        assertFalse(properties.isEmpty());
        assertEquals(properties.stream().sorted(RecordFieldFetchersTest::byName).toList(),
                RecordFieldFetchers.FETCHERS.keySet().stream().sorted(RecordFieldFetchersTest::byName).toList());

        GraphQLSchema installed = RecordFieldFetchers.installedIn(smallRyeSchema);
        assertEquals(List.of(), RecordFieldFetchers.propertyFields(installed));
        for (FieldCoordinates field : properties) {
            assertSame(RecordFieldFetchers.FETCHERS.get(field), installed.getCodeRegistry().getDataFetcher(field,
                    installed.getObjectType(field.getTypeName()).getFieldDefinition(field.getFieldName())));
        }
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

    private static int byName(FieldCoordinates a, FieldCoordinates b) {
        return a.toString().compareTo(b.toString());
    }
}
