package dev.deletionjobs.graphql;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;

import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.AsyncExecutionStrategy;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherResult;
import graphql.execution.DataLoaderDispatchStrategy;
import graphql.execution.ExecutionContext;
import graphql.execution.ExecutionStrategyParameters;
import graphql.execution.FieldCollectorParameters;
import graphql.execution.MergedField;
import graphql.execution.MergedSelectionSet;
import graphql.execution.ResultNodesInfo;
import graphql.introspection.Introspection;
import graphql.schema.Coercing;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import io.smallrye.graphql.scalar.time.DateCoercing;

/**
 * graphql-java's query strategy with one shortcut: an object whose selected fields are all read straight off a wire
 * record ({@link RecordFieldFetchers}) and are scalars, enums or such objects in turn (a job, its edge, its data
 * source) is completed in one pass, by a plan made once per request for each field and type. The engine's own steps
 * fetch and complete every field on its own: a path, a step info, a parameter object, a future or a materialised
 * value and their combination, for each of the 800 fields of a page of 100 jobs with cursors, where the values are
 * already in the records.
 * <p>
 * The answer is the engine's, to the key and the order of the keys. The shortcut is taken only where nothing could
 * tell the difference: an instrumentation with no per-object or per-field hooks ({@link OperationInstrumentation}),
 * no data loaders, no {@code @defer}, no result-node limit. And any value it cannot complete as the engine would (a
 * null where the schema promises a value, a value its scalar refuses, a fetcher that throws) sends the whole object
 * back through the engine's own steps, which read the record again (the reads are plain accessors) and report the
 * error as they always do. Lists (a job's tags) and abstract types take the engine's steps too.
 */
class RecordObjectExecutionStrategy extends AsyncExecutionStrategy {

    /** The key of a request's plans in its {@link GraphQLContext}. */
    private static final String PLANS = RecordObjectExecutionStrategy.class.getName() + ".plans";

    /** What {@link #completed} answers for an object it leaves to the engine's own steps. */
    private static final Object UNFINISHED = new Object();

    /** A plan for objects the shortcut does not complete. */
    private static final Plan ENGINE = Plan.of(new String[0], new Step[0]);

    /**
     * The coercings that write any string result as that very string: graphql-java's {@code String} and {@code ID}
     * (its {@code toString}) and SmallRye's dates (a string is none of the date types it formats, and goes out as
     * it is). The wire records' fetchers hand over strings, dates already formatted
     * ({@link RecordFieldFetchers#dateTime}); for these scalars a string needs no call through the coercing.
     */
    private static final Set<Class<?>> STRINGS_AS_THEY_ARE = Set.of(Scalars.GraphQLString.getCoercing().getClass(),
            Scalars.GraphQLID.getCoercing().getClass(), DateCoercing.class);

    /** Each enum type's serialisation, made once for the schema this strategy runs, not in every request's plans. */
    private final Map<GraphQLEnumType, LeafType> enumTypes = new ConcurrentHashMap<>();

    RecordObjectExecutionStrategy(DataFetcherExceptionHandler exceptionHandler) {
        super(exceptionHandler);
    }

    @Override
    protected Object completeValueForObject(ExecutionContext context, ExecutionStrategyParameters parameters,
            GraphQLObjectType type, Object source) {
        Plan plan = plans(context).of(parameters.getField(), type, context, this);
        if (plan != ENGINE) {
            Object completed = completed(plan, source, context);
            if (completed != UNFINISHED) {
                return completed;
            }
        }
        return super.completeValueForObject(context, parameters, type, source);
    }

    private static Plans plans(ExecutionContext context) {
        return context.getGraphQLContext().computeIfAbsent(PLANS, key -> new Plans(shortcutAllowed(context)));
    }

    /** Whether skipping the engine's per-field steps for a request changes nothing anyone sees. */
    private static boolean shortcutAllowed(ExecutionContext context) {
        return context.getInstrumentation() instanceof OperationInstrumentation
                && context.getDataLoaderDispatcherStrategy() == DataLoaderDispatchStrategy.NO_OP
                && !context.hasIncrementalSupport()
                && context.getGraphQLContext().get(ResultNodesInfo.MAX_RESULT_NODES) == null;
    }

    /** The fields of {@code type} that {@code field} selects, as the engine collects them (fragments, skip, include). */
    private MergedSelectionSet selection(ExecutionContext context, MergedField field, GraphQLObjectType type) {
        FieldCollectorParameters collector = FieldCollectorParameters.newParameters()
                .schema(context.getGraphQLSchema())
                .objectType(type)
                .fragments(context.getFragmentsByName())
                .variables(context.getCoercedVariables().toMap())
                .graphQLContext(context.getGraphQLContext())
                .build();
        return fieldCollector.collectFields(collector, field, false);
    }

    /** How to complete {@code type} under {@code field}, or {@link #ENGINE} when the shortcut does not apply. */
    private Plan plan(ExecutionContext context, MergedField field, GraphQLObjectType type) {
        MergedSelectionSet selection = selection(context, field, type);
        List<String> keys = selection.getKeys();
        Step[] steps = new Step[keys.size()];
        for (int i = 0; i < steps.length; i++) {
            MergedField selected = selection.getSubField(keys.get(i));
            if (Introspection.TypeNameMetaFieldDef.getName().equals(selected.getName())) {
                steps[i] = new TypeName(type.getName());
                continue;
            }
            GraphQLFieldDefinition definition = type.getFieldDefinition(selected.getName());
            if (definition == null || !definition.getArguments().isEmpty()) {
                return ENGINE;
            }
            DataFetcher<?> fetcher = context.getGraphQLSchema().getCodeRegistry().getDataFetcher(type, definition);
            if (!(fetcher instanceof RecordFieldFetchers.RecordField<?> read)) {
                return ENGINE;
            }
            boolean nonNull = GraphQLTypeUtil.isNonNull(definition.getType());
            GraphQLType valueType = GraphQLTypeUtil.unwrapNonNull(definition.getType());
            if (valueType instanceof GraphQLScalarType scalar) {
                steps[i] = new Leaf(read, nonNull, scalar(scalar));
            } else if (valueType instanceof GraphQLEnumType enumeration) {
                steps[i] = new Leaf(read, nonNull, enumTypes.computeIfAbsent(enumeration, EnumNames::of));
            } else if (valueType instanceof GraphQLObjectType object) {
                Plan nested = plan(context, selected, object);
                if (nested == ENGINE) {
                    return ENGINE;
                }
                steps[i] = new Nested(read, nonNull, nested);
            } else {
                return ENGINE;
            }
        }
        return Plan.of(keys.toArray(String[]::new), steps);
    }

    /**
     * How a scalar's results are serialised: by its coercing, but for a string where the coercing writes any string
     * as it is (a strict scalar's by the engine's coercing it writes results with, {@link SpecScalars}). The call went
     * through two or three interfaces for each of a page's six hundred values, and SmallRye's dates try each of their
     * types first (6 of the 90 µs the engine took to complete and write a page of 100 jobs in a microbenchmark,
     * bench/README.md's change 24).
     */
    static LeafType scalar(GraphQLScalarType scalar) {
        Coercing<?, ?> coercing = scalar.getCoercing();
        Coercing<?, ?> results = coercing instanceof SpecScalars.StrictInput strict ? strict.engines() : coercing;
        return STRINGS_AS_THEY_ARE.contains(results.getClass()) ? new StringsAsTheyAre(coercing) : coercing::serialize;
    }

    /** {@code source} completed by {@code plan}, as a {@link CompletedObject}, or {@link #UNFINISHED}. */
    private static Object completed(Plan plan, Object source, ExecutionContext context) {
        Object[] values = new Object[plan.steps.length];
        ResultNodesInfo nodes = context.getResultNodesInfo();
        for (int i = 0; i < plan.steps.length; i++) {
            nodes.incrementAndGetResultNodesCount();
            Object value = plan.steps[i].value(source, context);
            if (value == UNFINISHED) {
                return UNFINISHED;
            }
            values[i] = value;
        }
        return new CompletedObject(plan, values);
    }

    /**
     * An object the shortcut completed, as the engine's map of result keys to values would hold it, in the same
     * order, and read-only: its keys are its plan's, shared by every object the plan completes, and its values an
     * array. {@link GraphQLAnswers} writes it from the two, each key's JSON encoded once per plan. A
     * {@code LinkedHashMap} of its own for each of a page's hundred jobs, and each key encoded again for each, took 12
     * of the 90 µs the engine took to complete and write a page in a microbenchmark (bench/README.md's change 24).
     */
    static final class CompletedObject extends AbstractMap<String, Object> {

        private final Plan plan;
        private final Object[] values;

        private CompletedObject(Plan plan, Object[] values) {
            this.plan = plan;
            this.values = values;
        }

        @Override
        public int size() {
            return values.length;
        }

        /** The {@code i}th key as a JSON member name, quoted and escaped once for all the plan's objects. */
        SerializableString encodedKey(int i) {
            return plan.names[i];
        }

        Object value(int i) {
            return values[i];
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return values.length;
                }

                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    return IntStream.range(0, values.length)
                            .<Entry<String, Object>> mapToObj(i -> new SimpleImmutableEntry<>(plan.keys[i], values[i]))
                            .iterator();
                }
            };
        }
    }

    /** A request's plans, by the merged field and the object type they complete. */
    private static final class Plans {

        private final boolean shortcutAllowed;
        private final Map<FieldOfType, Plan> byField = new ConcurrentHashMap<>();

        Plans(boolean shortcutAllowed) {
            this.shortcutAllowed = shortcutAllowed;
        }

        Plan of(MergedField field, GraphQLObjectType type, ExecutionContext context,
                RecordObjectExecutionStrategy strategy) {
            if (!shortcutAllowed) {
                return ENGINE;
            }
            return byField.computeIfAbsent(new FieldOfType(field, type), key -> strategy.plan(context, field, type));
        }
    }

    private record FieldOfType(MergedField field, GraphQLObjectType type) {
    }

    /**
     * How to complete an object: its result keys, a step for each, and the keys as JSON member names, encoded here
     * once for every object the plan completes, since the answer's writer has no plan to keep them in.
     */
    private record Plan(String[] keys, SerializableString[] names, Step[] steps) {

        static Plan of(String[] keys, Step[] steps) {
            return new Plan(keys, Arrays.stream(keys).map(SerializedString::new).toArray(SerializableString[]::new),
                    steps);
        }
    }

    /** One selected field: its completed value for a source object, or {@link #UNFINISHED}. */
    private sealed interface Step permits TypeName, RecordStep {

        Object value(Object source, ExecutionContext context);
    }

    private record TypeName(String name) implements Step {

        @Override
        public Object value(Object source, ExecutionContext context) {
            return name;
        }
    }

    /** A field read off the record: a null is the engine's to report where the schema promises a value. */
    private sealed interface RecordStep extends Step permits Leaf, Nested {

        RecordFieldFetchers.RecordField<?> read();

        boolean nonNull();

        /** {@code raw}, not null, completed as the engine completes the field's type. */
        Object completed(Object raw, ExecutionContext context);

        @Override
        default Object value(Object source, ExecutionContext context) {
            Object raw = fetched(read(), source, context);
            if (raw == null || raw == UNFINISHED) {
                return raw == null && nonNull() ? UNFINISHED : raw;
            }
            Object completed = completed(raw, context);
            return completed == null && nonNull() ? UNFINISHED : completed;
        }
    }

    /** How the engine serialises a leaf's value: its scalar's coercing, or its enum type. */
    @FunctionalInterface
    interface LeafType {

        Object serialize(Object value, GraphQLContext context, Locale locale);
    }

    /** A scalar or an enum, serialised by its type as the engine does; a refusal is the engine's to report. */
    private record Leaf(RecordFieldFetchers.RecordField<?> read, boolean nonNull, LeafType type)
            implements
                RecordStep {

        @Override
        public Object completed(Object raw, ExecutionContext context) {
            try {
                return type.serialize(raw, context.getGraphQLContext(), context.getLocale());
            } catch (RuntimeException refused) {
                return UNFINISHED;
            }
        }
    }

    /** A scalar whose coercing writes any string as it is: a string is its own result, anything else the coercing's. */
    record StringsAsTheyAre(Coercing<?, ?> coercing) implements LeafType {

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            return value instanceof String ? value : coercing.serialize(value, context, locale);
        }
    }

    /**
     * An enum serialised as the engine does it, by one look-up: {@link GraphQLEnumType#serialize} compares the value
     * with each of the type's values in turn, a twentieth of the CPU of a page of 100 jobs for their status. Taken
     * where it cannot answer otherwise: for a type whose values are all strings (SmallRye's enums are their names) and
     * a string to serialise, the engine answers the name of the first value equal to it, and the map holds just that.
     * Anything else, a string that is none of the type's values included, goes to the engine.
     */
    record EnumNames(GraphQLEnumType type, Map<String, String> names) implements LeafType {

        static LeafType of(GraphQLEnumType type) {
            Map<String, String> names = new HashMap<>();
            for (GraphQLEnumValueDefinition value : type.getValues()) {
                if (!(value.getValue() instanceof String text)) {
                    return type::serialize;
                }
                names.putIfAbsent(text, value.getName());
            }
            return new EnumNames(type, Map.copyOf(names));
        }

        @Override
        public Object serialize(Object value, GraphQLContext context, Locale locale) {
            String name = value instanceof String text ? names.get(text) : null;
            return name != null ? name : type.serialize(value, context, locale);
        }
    }

    private record Nested(RecordFieldFetchers.RecordField<?> read, boolean nonNull, Plan plan) implements RecordStep {

        @Override
        public Object completed(Object raw, ExecutionContext context) {
            return RecordObjectExecutionStrategy.completed(plan, raw, context);
        }
    }

    /** The field's value as the engine would fetch it, or {@link #UNFINISHED} for one it must handle itself. */
    private static Object fetched(RecordFieldFetchers.RecordField<?> read, Object source, ExecutionContext context) {
        Object raw;
        try {
            raw = context.getValueUnboxer().unbox(read.read(source));
        } catch (RuntimeException failed) {
            return UNFINISHED;
        }
        return raw instanceof CompletionStage<?> || raw instanceof DataFetcherResult<?> ? UNFINISHED : raw;
    }
}
