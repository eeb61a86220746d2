package dev.deletionjobs.graphql;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.FieldCoordinates;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.LightDataFetcher;
import graphql.schema.visibility.DefaultGraphqlFieldVisibility;
import io.smallrye.graphql.execution.datafetcher.FieldDataFetcher;

/**
 * Reads the plain fields of the wire records (a job, its edge, its tags, the connection and its cursors) with a direct
 * accessor, instead of SmallRye's {@link FieldDataFetcher}. SmallRye's fetcher rebuilds its request context for every
 * field it reads (the field's path as text, its selection set twice, as JSON-P arrays) and reads the value by
 * reflection: on a page of 100 jobs that is a thousand times a request, for values that are already there. The values
 * are the same, but for dates, which are written as the schema describes them, always with milliseconds
 * ({@link #dateTime}). Fields that SmallRye resolves with an operation (the {@code @Source} methods: totalCount, hasNextPage,
 * hasPreviousPage) keep SmallRye's fetcher, and so does a field missing from this table.
 */
final class RecordFieldFetchers {

    static final Map<FieldCoordinates, DataFetcher<?>> FETCHERS = Map.ofEntries(
            field("DataDeletionJob", "id", DataDeletionJobNode.class, DataDeletionJobNode::getId),
            field("DataDeletionJob", "arn", DataDeletionJobNode.class, DataDeletionJobNode::arn),
            field("DataDeletionJob", "jobName", DataDeletionJobNode.class, DataDeletionJobNode::jobName),
            field("DataDeletionJob", "datasetGroupArn", DataDeletionJobNode.class,
                    DataDeletionJobNode::datasetGroupArn),
            field("DataDeletionJob", "dataSource", DataDeletionJobNode.class, DataDeletionJobNode::dataSource),
            field("DataDeletionJob", "roleArn", DataDeletionJobNode.class, DataDeletionJobNode::roleArn),
            // By name: SmallRye's enum values are their names, which the record strategy's plan serialises by one
            // look-up (RecordObjectExecutionStrategy.EnumNames); a Java constant would go to the engine's slower path.
            field("DataDeletionJob", "status", DataDeletionJobNode.class, job -> name(job.status())),
            field("DataDeletionJob", "numDeleted", DataDeletionJobNode.class, DataDeletionJobNode::numDeleted),
            field("DataDeletionJob", "failureReason", DataDeletionJobNode.class, DataDeletionJobNode::failureReason),
            field("DataDeletionJob", "creationDateTime", DataDeletionJobNode.class,
                    job -> dateTime(job.creationDateTime())),
            field("DataDeletionJob", "lastUpdatedDateTime", DataDeletionJobNode.class,
                    job -> dateTime(job.lastUpdatedDateTime())),
            field("DataDeletionJob", "tags", DataDeletionJobNode.class, DataDeletionJobNode::tags),
            field("DataSource", "dataLocation", DataDeletionJobNode.DataSourceNode.class,
                    DataDeletionJobNode.DataSourceNode::dataLocation),
            field("Tag", "tagKey", DataDeletionJobNode.TagNode.class, DataDeletionJobNode.TagNode::tagKey),
            field("Tag", "tagValue", DataDeletionJobNode.TagNode.class, DataDeletionJobNode.TagNode::tagValue),
            field("DataDeletionJobEdge", "cursor", DataDeletionJobConnection.DataDeletionJobEdge.class,
                    DataDeletionJobConnection.DataDeletionJobEdge::cursor),
            field("DataDeletionJobEdge", "node", DataDeletionJobConnection.DataDeletionJobEdge.class,
                    DataDeletionJobConnection.DataDeletionJobEdge::node),
            field("DataDeletionJobConnection", "edges", DataDeletionJobConnection.class,
                    DataDeletionJobConnection::getEdges),
            field("DataDeletionJobConnection", "nodes", DataDeletionJobConnection.class,
                    DataDeletionJobConnection::getNodes),
            field("DataDeletionJobConnection", "pageInfo", DataDeletionJobConnection.class,
                    DataDeletionJobConnection::getPageInfo),
            field("PageInfo", "startCursor", DataDeletionJobConnection.PageInfo.class,
                    DataDeletionJobConnection.PageInfo::getStartCursor),
            field("PageInfo", "endCursor", DataDeletionJobConnection.PageInfo.class,
                    DataDeletionJobConnection.PageInfo::getEndCursor));

    private RecordFieldFetchers() {
    }

    /**
     * {@code schema} with the fields of {@link #FETCHERS} that SmallRye reads as properties read directly, and the
     * field visibility SmallRye derives from
     * {@code quarkus.smallrye-graphql.field-visibility} without its no-op: SmallRye turns the default value,
     * {@code default}, into a block list whose one pattern ("default") blocks nothing but is matched against every
     * field the engine looks up, a regular expression per field of every answer.
     */
    static GraphQLSchema installedIn(GraphQLSchema schema, String fieldVisibility) {
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        GraphQLCodeRegistry direct = registry.transform(builder -> {
            FETCHERS.forEach((coordinates, fetcher) -> {
                if (registry.getDataFetcher(coordinates, definition(schema, coordinates)) instanceof FieldDataFetcher) {
                    builder.dataFetcher(coordinates, fetcher);
                }
            });
            if ("default".equals(fieldVisibility)) {
                builder.fieldVisibility(DefaultGraphqlFieldVisibility.DEFAULT_FIELD_VISIBILITY);
            }
        });
        // The code registry only: rebuilding the types too re-points types the schema shares with the one it came from.
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(direct));
    }

    /** The fields of {@code schema}'s types in {@link #FETCHERS} that SmallRye reads as properties. */
    static List<FieldCoordinates> propertyFields(GraphQLSchema schema) {
        return FETCHERS.keySet().stream().map(FieldCoordinates::getTypeName).distinct()
                .map(schema::getObjectType)
                .flatMap(type -> type.getFieldDefinitions().stream()
                        .map(field -> FieldCoordinates.coordinates(type, field)))
                .filter(coordinates -> schema.getCodeRegistry().getDataFetcher(coordinates,
                        definition(schema, coordinates)) instanceof FieldDataFetcher)
                .toList();
    }

    /** The definition of the field at {@code coordinates}; a schema without it is a build that went wrong. */
    static GraphQLFieldDefinition definition(GraphQLSchema schema, FieldCoordinates coordinates) {
        GraphQLObjectType type = schema.getObjectType(coordinates.getTypeName());
        if (type == null || type.getFieldDefinition(coordinates.getFieldName()) == null) {
            throw new IllegalStateException("The schema has no field " + coordinates);
        }
        return type.getFieldDefinition(coordinates.getFieldName());
    }

    private static <S> Map.Entry<FieldCoordinates, DataFetcher<?>> field(String type, String name, Class<S> source,
            Function<S, ?> value) {
        return Map.entry(FieldCoordinates.coordinates(type, name), new RecordField<>(source, value));
    }

    /**
     * One field read from its source object, and nothing else: no arguments, no context, no side effect, so
     * {@link RecordObjectExecutionStrategy} may read it without the engine's steps around it. A
     * {@link LightDataFetcher}: the engine then hands it the source alone, without building a
     * {@link DataFetchingEnvironment} (with its selection-set collector) for each field of each job, as it does for any
     * other fetcher.
     */
    record RecordField<S>(Class<S> source, Function<S, ?> value) implements LightDataFetcher<Object> {

        Object read(Object sourceObject) {
            return value.apply(source.cast(sourceObject));
        }

        @Override
        public Object get(GraphQLFieldDefinition field, Object sourceObject,
                Supplier<DataFetchingEnvironment> environment) {
            return read(sourceObject);
        }

        @Override
        public Object get(DataFetchingEnvironment environment) {
            return read(environment.getSource());
        }
    }

    /**
     * A DateTime as the schema describes it: UTC, always with three decimals ({@code .000Z} too, where SmallRye's
     * {@link DateTimeFormatter#ISO_INSTANT} would drop a zero fraction and make one instant in a thousand read
     * differently from its neighbours). Written out by hand for the instants jobs have (whole milliseconds, years 1000
     * to 9999): the general formatter was a twentieth of a page's CPU. Any other instant goes to {@link #DATE_TIME}.
     */
    static String dateTime(Instant instant) {
        if (instant == null) {
            return null;
        }
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        if (nanos % 1_000_000 != 0 || seconds < EARLIEST || seconds > LATEST) {
            return DATE_TIME.format(instant);
        }
        LocalDateTime time = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] text = new char[24];
        digits(text, 0, time.getYear(), 4);
        text[4] = '-';
        digits(text, 5, time.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, time.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, time.getHour(), 2);
        text[13] = ':';
        digits(text, 14, time.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, time.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, nanos / 1_000_000, 3);
        text[23] = 'Z';
        return new String(text);
    }

    /** ISO-8601 in UTC with exactly three decimals, finer fractions cut (a stored job's times are whole milliseconds). */
    static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().appendInstant(3).toFormatter(Locale.ROOT);

    private static String name(Enum<?> constant) {
        return constant == null ? null : constant.name();
    }

    private static final long EARLIEST = LocalDateTime.of(1000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long LATEST = LocalDateTime.of(9999, 12, 31, 23, 59, 59).toEpochSecond(ZoneOffset.UTC);

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
