package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.FloatValue;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;

/**
 * GraphQL's Int and ID as the specification reads them: an Int is 32 bits, whole numbers, no strings; an ID variable is
 * a string or an integer.
 */
class SpecScalarsTest {

    private static GraphQLSchema schema;
    private static Coercing<?, ?> coercing;
    private static Coercing<?, ?> id;

    @BeforeAll
    static void installed() {
        schema = SpecScalars.installedIn(UnExecutableSchemaGenerator.makeUnExecutableSchema(
                new SchemaParser().parse("type Query { page(first: Int, last: Int): Int job(id: ID): ID }")));
        coercing = ((GraphQLScalarType) schema.getType("Int")).getCoercing();
        id = ((GraphQLScalarType) schema.getType("ID")).getCoercing();
    }

    @Test
    void everyUseOfIntIsTheStrictOne() {
        GraphQLScalarType strict = (GraphQLScalarType) schema.getType("Int");
        assertSame(strict, schema.getQueryType().getFieldDefinition("page").getArgument("first").getType());
        assertSame(strict, schema.getQueryType().getFieldDefinition("page").getType());
        GraphQLScalarType strictId = (GraphQLScalarType) schema.getType("ID");
        assertInstanceOf(StrictId.class, strictId.getCoercing());
        assertSame(strictId, schema.getQueryType().getFieldDefinition("job").getArgument("id").getType());
        assertSame(strictId, schema.getQueryType().getFieldDefinition("job").getType());
    }

    @Test
    void literalsOutside32BitsAreRefusedNotWrapped() {
        for (String outside : List.of("4294967298", "2147483648", "-2147483649", "99999999999999999999999")) {
            CoercingParseLiteralException refused = assertThrows(CoercingParseLiteralException.class,
                    () -> literal(IntValue.of(0).transform(b -> b.value(new BigInteger(outside)))));
            assertTrue(refused.getMessage().contains("'" + outside + "'"), refused.getMessage());
        }
        assertEquals(Integer.MIN_VALUE, literal(IntValue.of(Integer.MIN_VALUE)));
        assertEquals(Integer.MAX_VALUE, literal(IntValue.of(Integer.MAX_VALUE)));
        assertThrows(CoercingParseLiteralException.class, () -> literal(StringValue.of("5")));
        assertThrows(CoercingParseLiteralException.class, () -> literal(FloatValue.of(5.0)));
    }

    @Test
    @Timeout(30)
    void variablesThatAreNotWhole32BitNumbersAreRefused() {
        for (Object refused : List.of(new BigDecimal("1.5"), new BigDecimal("2147483648"), new BigDecimal("1e400"),
                new BigDecimal("123456789012345678901234567890"), new BigDecimal("1e1000000000"),
                new BigDecimal("1e-1000000000"), "5", 1.5d, Double.NaN, Long.MAX_VALUE, true)) {
            assertThrows(CoercingParseValueException.class, () -> variable(refused), () -> String.valueOf(refused));
        }
        assertEquals(5, variable(new BigDecimal("5")));
        assertEquals(5, variable(new BigDecimal("5.0")));
        assertEquals(5000, variable(new BigDecimal("5e3")));
        assertEquals(0, variable(new BigDecimal("0E-1000000000")));
        assertEquals(Integer.MIN_VALUE, variable(new BigDecimal(Integer.MIN_VALUE)));
        assertEquals(7, variable(7L));
        assertEquals(7, variable(7));
    }

    @Test
    @Timeout(30)
    void idVariablesAreStringsOrIntegers() {
        for (Object refused : List.of(Map.of("x", 1), List.of(1, 2), true, new BigDecimal("1.5"),
                new BigDecimal("1e1000000000"), new BigDecimal("1e-5"), 1.5d)) {
            CoercingParseValueException refusal = assertThrows(CoercingParseValueException.class,
                    () -> id.parseValue(refused, GraphQLContext.getDefault(), Locale.ROOT), () -> String.valueOf(refused));
            assertTrue(refusal.getMessage().startsWith("Expected a string or an integer for an 'ID'"),
                    refusal.getMessage());
        }
        assertEquals("arn:x", id.parseValue("arn:x", GraphQLContext.getDefault(), Locale.ROOT));
        assertEquals("5000", id.parseValue(new BigDecimal("5e3"), GraphQLContext.getDefault(), Locale.ROOT));
        assertEquals("0", id.parseValue(new BigDecimal("0E-1000000000"), GraphQLContext.getDefault(), Locale.ROOT));
        assertEquals("7", id.parseValue(7L, GraphQLContext.getDefault(), Locale.ROOT));
        // Literals are the engine's, strict already: a string or an integer.
        assertEquals("5", id.parseLiteral(IntValue.of(5), CoercedVariables.emptyVariables(),
                GraphQLContext.getDefault(), Locale.ROOT));
        assertThrows(CoercingParseLiteralException.class, () -> id.parseLiteral(FloatValue.of(5.0),
                CoercedVariables.emptyVariables(), GraphQLContext.getDefault(), Locale.ROOT));
    }

    private static Object literal(graphql.language.Value<?> value) {
        return coercing.parseLiteral(value, CoercedVariables.emptyVariables(), GraphQLContext.getDefault(),
                Locale.ROOT);
    }

    private static Object variable(Object value) {
        return coercing.parseValue(value, GraphQLContext.getDefault(), Locale.ROOT);
    }
}
