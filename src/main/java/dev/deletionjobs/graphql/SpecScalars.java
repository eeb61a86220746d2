package dev.deletionjobs.graphql;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import graphql.GraphQLContext;
import graphql.Scalars;
import graphql.execution.CoercedVariables;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.GraphQLCodeRegistry;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLSchemaElement;
import graphql.schema.GraphQLTypeVisitorStub;
import graphql.schema.GraphQLUnionType;
import graphql.schema.SchemaTransformer;
import graphql.schema.TypeResolver;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;

/**
 * The built-in scalars whose input the engine reads more loosely than the GraphQL specification, replaced in the
 * schema by ones that read it as the specification does ({@link Int32}, {@link StrictId}). Each keeps the engine's
 * own coercing for results.
 */
final class SpecScalars {

    /** By scalar name: the strict coercing, made from the one the schema had. */
    static final Map<String, Function<Coercing<?, ?>, Coercing<?, ?>>> STRICT = Map.of(
            Scalars.GraphQLInt.getName(), Int32::new,
            Scalars.GraphQLID.getName(), StrictId::new);

    private SpecScalars() {
    }

    /** {@code schema} with those scalars replaced wherever they are used; the rest, fetchers included, as it was. */
    static GraphQLSchema installedIn(GraphQLSchema schema) {
        Map<String, GraphQLScalarType> strict = new HashMap<>();
        STRICT.forEach((name, strictOf) -> {
            if (schema.getType(name) instanceof GraphQLScalarType loose) {
                strict.put(name, loose.transform(type -> type.coercing(strictOf.apply(loose.getCoercing()))));
            }
        });
        if (strict.isEmpty()) {
            return schema;
        }
        GraphQLSchema transformed = SchemaTransformer.transformSchema(schema, new GraphQLTypeVisitorStub() {
            @Override
            public TraversalControl visitGraphQLScalarType(GraphQLScalarType node,
                    TraverserContext<GraphQLSchemaElement> context) {
                GraphQLScalarType replacement = strict.get(node.getName());
                return replacement != null && node != replacement ? changeNode(context, replacement)
                        : TraversalControl.CONTINUE;
            }
        });
        return withTypesOf(transformed);
    }

    /**
     * {@code schema} with each interface's and union's type resolver answering the schema's own object types. The
     * transformation made new objects of every type that leads to a replaced scalar; SmallRye's resolvers still answer
     * the ones it built, and a fragment on such a type ({@code ... on DataDeletionJob}) would match none of them.
     */
    private static GraphQLSchema withTypesOf(GraphQLSchema schema) {
        GraphQLCodeRegistry registry = schema.getCodeRegistry();
        GraphQLCodeRegistry resolving = registry.transform(builder -> {
            for (GraphQLNamedType type : schema.getAllTypesAsList()) {
                if (type instanceof GraphQLInterfaceType abstractType) {
                    builder.typeResolver(abstractType, ownTypes(registry.getTypeResolver(abstractType)));
                } else if (type instanceof GraphQLUnionType abstractType) {
                    builder.typeResolver(abstractType, ownTypes(registry.getTypeResolver(abstractType)));
                }
            }
        });
        return schema.transformWithoutTypes(builder -> builder.codeRegistry(resolving));
    }

    private static TypeResolver ownTypes(TypeResolver resolver) {
        return environment -> {
            GraphQLObjectType resolved = resolver.getType(environment);
            return resolved == null ? null : environment.getSchema().getObjectType(resolved.getName());
        };
    }

    /**
     * A scalar's coercing that writes results with the engine's coercing it replaces and reads input by rules of its
     * own: a variable's JSON value, a literal, and the literal a variable stands for.
     */
    abstract static class StrictInput implements Coercing<Object, Object> {

        /** How much of a refused value a message shows. */
        private static final int SHOWN = 40;

        private final Coercing<?, ?> results;

        StrictInput(Coercing<?, ?> results) {
            this.results = results;
        }

        /** The engine's coercing, which writes results and may read what this accepts. */
        final Coercing<?, ?> engines() {
            return results;
        }

        /** {@code value} as a refusal quotes it: its first characters. */
        static String shown(String value) {
            return value.length() <= SHOWN ? value : value.substring(0, SHOWN) + "...";
        }

        /** What {@code input} is, in the engine's terms ("but it was a 'Boolean'"), which EngineMessages words for JSON. */
        static String javaKind(Object input) {
            return input == null ? "null" : input.getClass().getSimpleName();
        }

        abstract Object variable(Object input);

        abstract Object literal(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale);

        abstract Value<?> literalOf(Object variable);

        // Results are the engine's coercing's, always: the record strategy writes them by it (its scalar method).
        @Override
        @SuppressWarnings("deprecation")
        public final Object serialize(Object result) {
            return results.serialize(result);
        }

        @Override
        public final Object serialize(Object result, GraphQLContext context, Locale locale) {
            return results.serialize(result, context, locale);
        }

        @Override
        @SuppressWarnings("deprecation")
        public Object parseValue(Object input) {
            return variable(input);
        }

        @Override
        public Object parseValue(Object input, GraphQLContext context, Locale locale) {
            return variable(input);
        }

        @Override
        @SuppressWarnings("deprecation")
        public Object parseLiteral(Object input) {
            if (!(input instanceof Value<?> literal)) {
                throw new CoercingParseLiteralException("Expected a literal but it was a '" + javaKind(input) + "'");
            }
            return literal(literal, CoercedVariables.emptyVariables(), GraphQLContext.getDefault(),
                    Locale.getDefault());
        }

        @Override
        public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
            return literal(input, variables, context, locale);
        }

        @Override
        @SuppressWarnings("deprecation")
        public Value<?> valueToLiteral(Object input) {
            return literalOf(variable(input));
        }

        @Override
        public Value<?> valueToLiteral(Object input, GraphQLContext context, Locale locale) {
            return literalOf(variable(input));
        }
    }
}
