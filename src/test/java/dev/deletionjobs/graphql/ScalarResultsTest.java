package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import graphql.GraphQLContext;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The record strategy writes a scalar's result as the scalar's own coercing does, for every scalar of the service's
 * schema (the strict ones as {@link SpecScalars} installs them), and skips the coercing for strings only where the
 * coercing writes every string as it is: the scalars a page's fields use. A library upgrade whose coercing rewrote a
 * string, or one of those scalars that stopped being one the shortcut knows, fails here.
 */
@QuarkusTest
class ScalarResultsTest {

    private static final GraphQLContext CONTEXT = GraphQLContext.getDefault();

    /** Strings of every shape a field may hold, dates beyond what the service writes by hand included. */
    private static final List<Object> INPUTS = Arrays.asList("", " ", "a", " padded\t",
            "arn:aws:personalize:us-east-1:1:x/y", "12", "-1.5", "true", "null", "2024-05-02T18:40:00.123Z",
            "+10000-01-01T00:00:00.000Z", "2024-05-02", "\"quoted\" \\ \n \u0000 \u00e9\u2603 \ud83d\ude00 \ud800",
            null, 7, 9_000_000_000L, 1.5, true, new BigDecimal("1.50"), BigInteger.TEN,
            Instant.parse("2024-05-02T18:40:00.123Z"), OffsetDateTime.parse("2024-05-02T18:40:00+02:00"),
            LocalDate.parse("2024-05-02"), 'c', new StringBuilder("b"), List.of("x"));

    @Inject
    GraphQLSchema smallRyeSchema;

    @Test
    void everyScalarsResultsAreItsCoercingsAndStringsGoOutAsTheyAreWhereTheCoercingWritesThemSo() {
        List<GraphQLScalarType> scalars = new ArrayList<>(smallRyeSchema.getAllTypesAsList().stream()
                .filter(GraphQLScalarType.class::isInstance).map(GraphQLScalarType.class::cast).toList());
        // The strict scalars as the service's schema has them (installing them into the injected schema again would
        // change the live engine's types too: SmallRye's type references are shared and replaced in place).
        SpecScalars.STRICT.forEach((name, strictOf) -> {
            GraphQLScalarType loose = (GraphQLScalarType) smallRyeSchema.getType(name);
            Coercing<?, ?> strict = strictOf.apply(loose.getCoercing());
            scalars.add(loose.transform(type -> type.name("Strict" + name).coercing(strict)));
        });
        Set<String> stringsAsTheyAre = new TreeSet<>();
        for (GraphQLScalarType scalar : scalars) {
            RecordObjectExecutionStrategy.LeafType leaf = RecordObjectExecutionStrategy.scalar(scalar);
            for (Object input : INPUTS) {
                assertEquals(EnumNamesTest.outcome(() -> scalar.getCoercing().serialize(input, CONTEXT, Locale.ROOT)),
                        EnumNamesTest.outcome(() -> leaf.serialize(input, CONTEXT, Locale.ROOT)),
                        scalar.getName() + ": " + input);
            }
            if (leaf instanceof RecordObjectExecutionStrategy.StringsAsTheyAre) {
                stringsAsTheyAre.add(scalar.getName());
            }
        }
        assertEquals(Set.of("DateTime", "ID", "StrictID", "String"), stringsAsTheyAre);
    }
}
