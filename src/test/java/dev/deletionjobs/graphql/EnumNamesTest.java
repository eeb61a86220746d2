package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import graphql.GraphQLContext;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLEnumValueDefinition;

/**
 * The record strategy's enum look-up answers every value exactly as graphql-java's {@link GraphQLEnumType#serialize}
 * does, the same name or the same refusal, over types whose names and values differ, repeat or are not strings.
 */
class EnumNamesTest {

    private static final GraphQLContext CONTEXT = GraphQLContext.getDefault();

    /** Types whose values are all strings, which the look-up answers itself. */
    private static final List<GraphQLEnumType> STRING_VALUED = List.of(
            GraphQLEnumType.newEnum().name("Status").value("PENDING").value("IN_PROGRESS").value("COMPLETED")
                    .value("FAILED").build(),
            GraphQLEnumType.newEnum().name("Swapped").value("A", "B").value("B", "A").value("C", "c").build(),
            GraphQLEnumType.newEnum().name("Repeated").value("X", "x").value("Y", "x").value("Z", "X").build(),
            GraphQLEnumType.newEnum().name("Empty").build());

    /** Types with a value that is not a string, which the look-up leaves to the engine whole. */
    private static final List<GraphQLEnumType> OTHER_VALUED = List.of(
            GraphQLEnumType.newEnum().name("Days").value("MON", DayOfWeek.MONDAY).value("TUESDAY", DayOfWeek.TUESDAY)
                    .build(),
            GraphQLEnumType.newEnum().name("Mixed").value("ONE", "1").value("TWO", 2).build());

    /** Every name and value of every type above, and what is none of them. */
    private static final List<Object> INPUTS = inputs();

    @Test
    void answersEveryValueAsTheEngineDoes() {
        for (GraphQLEnumType type : concat(STRING_VALUED, OTHER_VALUED)) {
            RecordObjectExecutionStrategy.LeafType lookUp = RecordObjectExecutionStrategy.EnumNames.of(type);
            for (Object value : INPUTS) {
                assertEquals(outcome(() -> type.serialize(value, CONTEXT, Locale.ROOT)),
                        outcome(() -> lookUp.serialize(value, CONTEXT, Locale.ROOT)), type.getName() + ": " + value);
            }
        }
    }

    @Test
    void looksUpStringValuedTypesAndLeavesTheOthersToTheEngine() {
        STRING_VALUED.forEach(type -> assertTrue(
                RecordObjectExecutionStrategy.EnumNames.of(type) instanceof RecordObjectExecutionStrategy.EnumNames,
                type.getName()));
        OTHER_VALUED.forEach(type -> assertFalse(
                RecordObjectExecutionStrategy.EnumNames.of(type) instanceof RecordObjectExecutionStrategy.EnumNames,
                type.getName()));
    }

    /** The answer, or the class of what was thrown instead: a leaf's serialisation and the engine's, compared. */
    static Object outcome(Supplier<Object> serialize) {
        try {
            return serialize.get();
        } catch (RuntimeException refused) {
            return refused.getClass();
        }
    }

    private static List<Object> inputs() {
        List<Object> inputs = new ArrayList<>();
        for (GraphQLEnumType type : concat(STRING_VALUED, OTHER_VALUED)) {
            for (GraphQLEnumValueDefinition definition : type.getValues()) {
                inputs.add(definition.getName());
                inputs.add(definition.getValue());
            }
        }
        inputs.addAll(Arrays.asList("unknown", "", null, 1, 2, DayOfWeek.MONDAY, DayOfWeek.FRIDAY,
                new StringBuilder("A"), 'A'));
        return inputs;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }
}
