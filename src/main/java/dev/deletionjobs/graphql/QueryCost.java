package dev.deletionjobs.graphql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.deletionjobs.job.JobOutcome;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.service.DataDeletionJobService;
import dev.deletionjobs.service.ModelPatterns;
import graphql.introspection.Introspection;
import graphql.language.Argument;
import graphql.language.ArrayValue;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.IntValue;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.Value;
import graphql.language.VariableReference;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLCompositeType;
import graphql.schema.GraphQLDirective;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

/**
 * What an operation may cost, read from the validated document and its variables before any field runs: how deeply
 * its fields nest, how many fields it asks for at its root, an upper bound of its work in points, and of its answer's
 * length in bytes of UTF-8, as it is written and held (each value at the longest it may be, multiplied by its lists as
 * the points are).
 * <p>
 * A field costs a point each time it may be resolved; a list multiplies what is below it by its most items (a
 * connection's {@code first} or {@code last}, 100 without either; {@code nodes} by its ids, at most 100; 200 tags per
 * job; the schema's own counts for introspection; the statuses for counts). Each store query costs
 * {@link #STORE_QUERY} more: a page, a lookup ({@code dataDeletionJob}, {@code node}, and {@code nodes}, which reads
 * all its ids at once), a create, the counts of {@code dataDeletionJobCounts}, a connection's {@code totalCount} and a
 * {@code pageInfo}'s probes, each alias of them again. Selections under an interface ({@code Node}) are walked through
 * their fragments' types.
 * Fields are merged by response key as the engine merges them; {@code @skip} and {@code @include} are not read, so
 * the cost is of every field written.
 */
final class QueryCost {

    /** A store query weighs as much as building a thousand values: it holds a connection and reads an index. */
    static final long STORE_QUERY = 1_000;

    /**
     * Fields reached through fragments can multiply beyond any budget (26 fragments that each spread the one before
     * twice spell out 2^25 fields in 2 KB): the walk counts every field it reaches, stops at this many and charges
     * all, so measuring any document takes a bounded time.
     */
    static final int MAX_FIELDS_WALKED = 20_000;

    /**
     * The most fields one selection may write under one response key. The engine merges them, but it copies the list
     * of merged fields for each one it adds (graphql-java's {@code FieldCollector}), for every object it completes: 5,000
     * {@code id}s in a 16 KB document cost it more than 12 million copies per job.
     */
    static final int MAX_FIELDS_PER_KEY = 100;

    /**
     * The most bytes of UTF-8 one code point of text that may hold any letter takes in JSON: the answer writes such
     * characters as they are (emoji and other letters beyond the BMP in four), a quote or backslash in two, and no
     * control character gets past a create. Counting characters instead let an answer of letters beyond the BMP
     * hold four times the bytes its bound allowed.
     */
    private static final long UTF8_MAX = 4;

    /**
     * The longest text of each field that may hold more than {@link #SCALAR_LENGTH} bytes: what the model allows, in
     * bytes (a tag, a dataset group's ARN, a location: any letter, {@link #UTF8_MAX} bytes each; a job's ARN and name,
     * a role's ARN: ASCII by their patterns), a global id of the longest ARN, a cursor as long as a token may be, and
     * a failure reason, which the service writes (a sentence and a location, cut at its longest).
     */
    private static final Map<String, Long> TEXT_LENGTHS = Map.ofEntries(
            Map.entry("Node.id", (long) GlobalIds.MAX_LENGTH),
            Map.entry("DataDeletionJob.id", (long) GlobalIds.MAX_LENGTH),
            Map.entry("DataDeletionJob.arn", (long) ModelPatterns.ARN_MAX_LENGTH),
            Map.entry("DataDeletionJob.jobName", (long) ModelPatterns.JOB_NAME_MAX_LENGTH),
            Map.entry("DataDeletionJob.datasetGroupArn", UTF8_MAX * ModelPatterns.ARN_MAX_LENGTH),
            Map.entry("DataDeletionJob.roleArn", (long) ModelPatterns.ARN_MAX_LENGTH),
            Map.entry("DataDeletionJob.failureReason", UTF8_MAX * JobOutcome.MAX_FAILURE_REASON),
            Map.entry("DataSource.dataLocation", UTF8_MAX * ModelPatterns.DATA_LOCATION_MAX_LENGTH),
            Map.entry("Tag.tagKey", UTF8_MAX * ModelPatterns.TAG_KEY_MAX_LENGTH),
            Map.entry("Tag.tagValue", UTF8_MAX * ModelPatterns.TAG_VALUE_MAX_LENGTH),
            Map.entry("DataDeletionJobEdge.cursor", (long) ModelPatterns.NEXT_TOKEN_MAX_LENGTH),
            Map.entry("PageInfo.startCursor", (long) ModelPatterns.NEXT_TOKEN_MAX_LENGTH),
            Map.entry("PageInfo.endCursor", (long) ModelPatterns.NEXT_TOKEN_MAX_LENGTH));

    /** Any other value: a number, a boolean, a status, a timestamp, a type's name. */
    private static final long SCALAR_LENGTH = 32;

    private static final String CONNECTION = "DataDeletionJobConnection";
    /**
     * Store queries that every occurrence makes: each alias is a call of its own. A connection's {@code totalCount}
     * and its {@code pageInfo}'s probes ask the store once per object ({@link ResolvedOnce}), but each alias of them
     * is still a call through SmallRye's fetcher on a worker thread, about as costly: charged less, a few thousand of
     * them in one document cost seconds of CPU. (A side the page already knows is answered on the event loop without
     * either; the document does not say which side that is, so it is charged alike.)
     */
    private static final Set<String> QUERY_PER_FIELD = Set.of("Query.dataDeletionJobs", "Query.dataDeletionJob",
            "Query.dataDeletionJobCounts", "Query.node", "Query.nodes", "Mutation.createDataDeletionJob",
            CONNECTION + ".totalCount", "PageInfo.hasNextPage", "PageInfo.hasPreviousPage");
    /** A lookup by ids returns one object per id it is given. */
    private static final String NODES = "Query.nodes";

    /**
     * How deep, how wide at the root, and how costly an operation is. A walk stopped short (at
     * {@link #MAX_FIELDS_WALKED}, or at a {@code repeatedKey} written more than {@link #MAX_FIELDS_PER_KEY} times in
     * one selection) costs {@link Long#MAX_VALUE} and has depth 0; its root fields are counted when the walk got past
     * the root, 0 otherwise.
     */
    record Measure(int depth, int rootFields, long cost, String repeatedKey, long answerLength) {
    }

    private final GraphQLSchema schema;
    /** The most items of each list field ({@code Type.field}) other than a connection's. */
    private final Map<String, Long> listBounds;
    /** The longest name in the schema, and the longest description: what an introspection field may answer. */
    private final long longestName;
    private final long longestDescription;

    QueryCost(GraphQLSchema schema) {
        this.schema = schema;
        this.listBounds = listBounds(schema);
        long[] texts = longestSchemaTexts(schema);
        this.longestName = texts[0];
        this.longestDescription = texts[1];
    }

    boolean isFor(GraphQLSchema other) {
        return schema == other;
    }

    /** Measures {@code operation}, whose variables have been coerced. */
    Measure measure(OperationDefinition operation, Map<String, FragmentDefinition> fragments,
            Map<String, Object> variables) {
        GraphQLObjectType root = switch (operation.getOperation()) {
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
            default -> schema.getQueryType();
        };
        Walk walk = new Walk(fragments, variables);
        Map<String, Group> fields = Map.of();
        try {
            fields = walk.collect(root, List.of(operation.getSelectionSet()));
            Level level = walk.level(fields, PageRequest.MAX_SIZE);
            return new Measure(level.depth, fields.size(), level.cost, null, level.length);
        } catch (WalkStopped stopped) {
            return new Measure(0, fields.size(), Long.MAX_VALUE, stopped.repeatedKey, Long.MAX_VALUE);
        }
    }

    /** Ends a walk that went far enough to know the operation is refused; thrown often, so without a stack trace. */
    private static final class WalkStopped extends RuntimeException {

        private final String repeatedKey;

        WalkStopped(String repeatedKey) {
            super(null, null, false, false);
            this.repeatedKey = repeatedKey;
        }
    }

    /** The fields of one response key: the engine resolves them once, with their selections merged. */
    private record Group(GraphQLCompositeType parent, List<Field> fields) {
    }

    /** The depth and cost of an object's fields, and the most characters its JSON may take. */
    private record Level(int depth, long cost, long length) {
    }

    private final class Walk {

        private final Map<String, FragmentDefinition> fragments;
        private final Map<String, Object> variables;
        private int walked;

        Walk(Map<String, FragmentDefinition> fragments, Map<String, Object> variables) {
            this.fragments = fragments;
            this.variables = variables;
        }

        Map<String, Group> collect(GraphQLCompositeType type, List<SelectionSet> sets) {
            Map<String, Group> groups = new LinkedHashMap<>();
            for (SelectionSet set : sets) {
                collect(type, set, groups);
            }
            return groups;
        }

        private void collect(GraphQLCompositeType type, SelectionSet set, Map<String, Group> groups) {
            if (set == null) {
                return;
            }
            for (Selection<?> selection : set.getSelections()) {
                if (selection instanceof Field field) {
                    // Counted as it is reached: fragments spread again and again stop here, not after they multiplied.
                    if (++walked > MAX_FIELDS_WALKED) {
                        throw new WalkStopped(null);
                    }
                    String key = field.getAlias() == null ? field.getName() : field.getAlias();
                    List<Field> merged = groups.computeIfAbsent(key, k -> new Group(type, new ArrayList<>())).fields();
                    merged.add(field);
                    if (merged.size() > MAX_FIELDS_PER_KEY) {
                        throw new WalkStopped(key);
                    }
                } else if (selection instanceof InlineFragment inline) {
                    collect(narrowed(type, inline.getTypeCondition() == null ? null
                            : inline.getTypeCondition().getName()), inline.getSelectionSet(), groups);
                } else if (selection instanceof FragmentSpread spread) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null) {
                        collect(narrowed(type, fragment.getTypeCondition().getName()), fragment.getSelectionSet(),
                                groups);
                    }
                }
            }
        }

        private GraphQLCompositeType narrowed(GraphQLCompositeType type, String condition) {
            return condition != null && schema.getType(condition) instanceof GraphQLCompositeType narrowed ? narrowed
                    : type;
        }

        /** The depth and cost of the fields of one object; {@code pageSize} is its connection's, if it is one. */
        Level level(Map<String, Group> groups, long pageSize) {
            int depth = 0;
            long cost = 0;
            // The braces of the object.
            long length = 2;
            for (Map.Entry<String, Group> member : groups.entrySet()) {
                Group group = member.getValue();
                Field first = group.fields().get(0);
                String name = first.getName();
                GraphQLFieldDefinition definition = Introspection.getFieldDef(schema, group.parent(), name);
                String key = group.parent().getName() + "." + name;
                long own = 1;
                if (QUERY_PER_FIELD.contains(key)) {
                    own += STORE_QUERY;
                }
                GraphQLType type = definition.getType();
                GraphQLNamedType item = GraphQLTypeUtil.unwrapAll(type);
                boolean list = GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(type));
                long items = !list ? 1
                        : group.parent().getName().equals(CONNECTION) ? pageSize
                                : key.equals(NODES) ? idCount(first)
                                        : listBounds.getOrDefault(key, (long) PageRequest.MAX_SIZE);
                Level below = new Level(0, 0, longestText(key));
                if (item instanceof GraphQLCompositeType composite) {
                    List<SelectionSet> sets = group.fields().stream().map(Field::getSelectionSet).toList();
                    long childPage = composite.getName().equals(CONNECTION) ? pageSize(first) : pageSize;
                    below = level(collect(composite, sets), childPage);
                }
                depth = Math.max(depth, 1 + below.depth);
                // A list builds each item (a point) and everything below it, once per item.
                long fieldCost = saturatedAdd(own, list ? saturatedTimes(items, saturatedAdd(1, below.cost))
                        : below.cost);
                cost = saturatedAdd(cost, fieldCost);
                // The key quoted, a colon and a comma; a list's brackets and a comma after each item.
                long value = list ? saturatedAdd(2, saturatedTimes(items, saturatedAdd(1, below.length)))
                        : below.length;
                length = saturatedAdd(length, saturatedAdd(member.getKey().length() + 4L, value));
            }
            return new Level(depth, cost, length);
        }

        /** The most bytes a value of the leaf field {@code key} ({@code Type.field}) may take in JSON. */
        private long longestText(String key) {
            Long text = TEXT_LENGTHS.get(key);
            if (text != null) {
                // Quoted.
                return text + 2;
            }
            if (!key.startsWith("__")) {
                return SCALAR_LENGTH;
            }
            // Introspection: a name, or a description, a deprecation reason, a default value, a URL.
            return key.endsWith(".name") ? longestName : key.endsWith(".kind") ? SCALAR_LENGTH : longestDescription;
        }

        /** The most jobs a connection field may return: its first or last when valid, else the largest page. */
        private long pageSize(Field connection) {
            for (Argument argument : connection.getArguments()) {
                if (argument.getName().equals("first") || argument.getName().equals("last")) {
                    Long count = intValue(argument.getValue());
                    if (count != null && count >= 0 && count <= PageRequest.MAX_SIZE) {
                        return count;
                    }
                }
            }
            return PageRequest.MAX_SIZE;
        }

        /** How many objects {@code nodes} may return: one per id it is given, and never more than the service reads. */
        private long idCount(Field nodes) {
            for (Argument argument : nodes.getArguments()) {
                if (argument.getName().equals("ids")) {
                    Value<?> value = argument.getValue();
                    long count = value instanceof ArrayValue literal ? literal.getValues().size()
                            : value instanceof VariableReference reference
                                    && variables.get(reference.getName()) instanceof Collection<?> ids ? ids.size()
                                            : DataDeletionJobService.MAX_JOBS_PER_LOOKUP;
                    return Math.min(count, DataDeletionJobService.MAX_JOBS_PER_LOOKUP);
                }
            }
            return DataDeletionJobService.MAX_JOBS_PER_LOOKUP;
        }

        private Long intValue(Value<?> value) {
            if (value instanceof IntValue literal) {
                return literal.getValue().bitLength() < 63 ? literal.getValue().longValue() : null;
            }
            if (value instanceof VariableReference reference
                    && variables.get(reference.getName()) instanceof Number number) {
                return number.longValue();
            }
            return null;
        }
    }

    /** The schema's own bounds of the introspection lists and of the counts by status, and the model's for tags. */
    private static Map<String, Long> listBounds(GraphQLSchema schema) {
        long fields = 0;
        long interfaces = 0;
        long possibleTypes = 0;
        long enumValues = 0;
        long inputFields = 0;
        long args = 0;
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            if (type instanceof GraphQLFieldsContainer container) {
                fields = Math.max(fields, container.getFieldDefinitions().size());
                for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
                    args = Math.max(args, field.getArguments().size());
                }
            }
            if (type instanceof GraphQLObjectType object) {
                interfaces = Math.max(interfaces, object.getInterfaces().size());
            }
            if (type instanceof GraphQLInterfaceType abstractType) {
                possibleTypes = Math.max(possibleTypes, schema.getImplementations(abstractType).size());
            }
            if (type instanceof GraphQLUnionType union) {
                possibleTypes = Math.max(possibleTypes, union.getTypes().size());
            }
            if (type instanceof GraphQLEnumType enumType) {
                enumValues = Math.max(enumValues, enumType.getValues().size());
            }
            if (type instanceof GraphQLInputObjectType input) {
                inputFields = Math.max(inputFields, input.getFieldDefinitions().size());
            }
        }
        long locations = Introspection.DirectiveLocation.values().length;
        for (GraphQLDirective directive : schema.getDirectives()) {
            args = Math.max(args, directive.getArguments().size());
        }
        return Map.ofEntries(
                Map.entry("DataDeletionJob.tags", (long) ModelPatterns.MAX_TAGS),
                Map.entry("DataDeletionJobCounts.byStatus", (long) DataDeletionJobStatus.values().length),
                Map.entry("__Schema.types", (long) schema.getAllTypesAsList().size()),
                Map.entry("__Schema.directives", (long) schema.getDirectives().size()),
                Map.entry("__Type.fields", fields),
                Map.entry("__Type.interfaces", interfaces),
                Map.entry("__Type.possibleTypes", possibleTypes),
                Map.entry("__Type.enumValues", enumValues),
                Map.entry("__Type.inputFields", inputFields),
                Map.entry("__Field.args", args),
                Map.entry("__Directive.args", args),
                Map.entry("__Directive.locations", locations));
    }

    /**
     * The longest name and the longest description in the schema, each as JSON text: what an introspection field
     * may answer.
     */
    private static long[] longestSchemaTexts(GraphQLSchema schema) {
        List<Map.Entry<String, String>> texts = new ArrayList<>();
        for (GraphQLNamedType type : schema.getAllTypesAsList()) {
            texts.add(Map.entry(type.getName(), String.valueOf(type.getDescription())));
            if (type instanceof GraphQLFieldsContainer container) {
                for (GraphQLFieldDefinition field : container.getFieldDefinitions()) {
                    texts.add(Map.entry(field.getName(), String.valueOf(field.getDescription())));
                    for (GraphQLArgument argument : field.getArguments()) {
                        texts.add(Map.entry(argument.getName(), String.valueOf(argument.getDescription())));
                    }
                }
            }
            if (type instanceof GraphQLInputObjectType input) {
                for (GraphQLInputObjectField field : input.getFieldDefinitions()) {
                    texts.add(Map.entry(field.getName(), String.valueOf(field.getDescription())));
                }
            }
            if (type instanceof GraphQLEnumType enumType) {
                for (GraphQLEnumValueDefinition value : enumType.getValues()) {
                    texts.add(Map.entry(value.getName(), String.valueOf(value.getDescription())));
                }
            }
        }
        for (GraphQLDirective directive : schema.getDirectives()) {
            texts.add(Map.entry(directive.getName(), String.valueOf(directive.getDescription())));
            for (GraphQLArgument argument : directive.getArguments()) {
                texts.add(Map.entry(argument.getName(), String.valueOf(argument.getDescription())));
            }
        }
        long name = texts.stream().mapToLong(text -> json(text.getKey())).max().orElse(0);
        long description = texts.stream().mapToLong(text -> json(text.getValue())).max().orElse(0);
        return new long[] { name, description };
    }

    /** {@code text} as a JSON string, quoted and escaped, in bytes of UTF-8. */
    private static long json(String text) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(text).length + 2;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long saturatedTimes(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
