package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine's messages as graphql-java 24 and SmallRye 2.17 word them, and as a client reads them. */
class EngineMessagesTest {

    @Test
    void aVariableOfTheWrongKindIsNamedInJsonTerms() {
        assertEquals("Variable 'g' has an invalid value: Expected a String input, but it was a number",
                EngineMessages.readable("Variable 'g' has an invalid value: Expected a String input, but it was a"
                        + " 'BigDecimal'"));
        assertEquals("Variable 'n' has an invalid value: Expected a whole number for an 'Int' but it was a list",
                EngineMessages.readable("Variable 'n' has an invalid value: Expected a whole number for an 'Int' but"
                        + " it was a 'ArrayList'"));
        assertEquals("Variable 'g' has an invalid value: Expected a String input, but it was an object",
                EngineMessages.readable("Variable 'g' has an invalid value: Expected a String input, but it was a"
                        + " 'HashMap'"));
        assertEquals("Variable 'a' has an invalid value: Expected DateTime but it was a number.",
                EngineMessages.readable("Variable 'a' has an invalid value: SRGQL000013: Expected type [DateTime] but"
                        + " was [BigDecimal]."));
        assertEquals("Variable 'o' has an invalid value: Expected an object but it was a list.",
                EngineMessages.readable("Variable 'o' has an invalid value: Expected type 'Map' but was 'ArrayList'."
                        + " Variables for input objects must be an instance of type 'Map'."));
    }

    @Test
    void aLiteralIsShownAsTheDocumentWroteIt() {
        assertEquals("argument 'createdAfter' with value \"yesterday\" is not a valid 'DateTime'",
                EngineMessages.readable("argument 'createdAfter' with value 'StringValue{value='yesterday'}' is not a"
                        + " valid 'DateTime'"));
        // Quotes and braces of its own do not cut it short.
        assertEquals("argument 'createdAfter' with value \"it'}s' is not a valid\" is not a valid 'DateTime'",
                EngineMessages.readable("argument 'createdAfter' with value 'StringValue{value='it'}s' is not a"
                        + " valid'}' is not a valid 'DateTime'"));
        assertEquals("Validation error (WrongType@[dataDeletionJobs]) : argument 'createdAfter' with value 5 is not a"
                + " valid 'DateTime' - Expected an integer or a string but it was an integer.",
                EngineMessages.readable("Validation error (WrongType@[dataDeletionJobs]) : argument 'createdAfter' with"
                        + " value 'IntValue{value=5}' is not a valid 'DateTime' - SRGQL000015: Expected AST type"
                        + " 'IntValue' or 'StringValue' but was 'IntValue'."));
        assertEquals("Validation error (WrongType@[dataDeletionJobs]) : argument 'status[0]' with value 5 is not a"
                + " valid 'DataDeletionJobStatus' - Expected an enum value but it was an integer",
                EngineMessages.readable("Validation error (WrongType@[dataDeletionJobs]) : argument 'status[0]' with"
                        + " value 'IntValue{value=5}' is not a valid 'DataDeletionJobStatus' - Expected an AST type of"
                        + " 'EnumValue' but it was a 'IntValue'"));
        assertEquals("argument 'first' with value \"x\" is not a valid 'Int' - Expected an integer literal but it was"
                + " a string",
                EngineMessages.readable("argument 'first' with value 'StringValue{value='x'}' is not a"
                        + " valid 'Int' - Expected an integer literal but it was a 'StringValue'"));
        assertEquals("argument 'orderBy' with value X is not a valid 'DataDeletionJobOrder'",
                EngineMessages.readable("argument 'orderBy' with value 'EnumValue{name='X'}' is not a valid"
                        + " 'DataDeletionJobOrder'"));
    }

    @Test
    void aLongValueIsEchoedCut() {
        // A variable's value as much as a literal's: a megabyte of request was answered with two.
        String value = "x".repeat(500_000);
        String cut = "x".repeat(100) + "...";
        assertEquals("argument 'createdAfter' with value \"" + cut + "\" is not a valid 'DateTime'",
                EngineMessages.readable("argument 'createdAfter' with value 'StringValue{value='" + value + "'}' is not"
                        + " a valid 'DateTime'"));
        assertEquals("Variable 'v' has an invalid value: Invalid input for enum 'DataDeletionJobStatus'. No value found"
                + " for name '" + cut + "'",
                EngineMessages.readable("Variable 'v' has an invalid value: Invalid input"
                        + " for enum 'DataDeletionJobStatus'. No value found for name '" + value + "'"));
        assertEquals("argument 'status[0]' with value " + "Y".repeat(100) + "... is not a valid 'DataDeletionJobStatus'",
                EngineMessages.readable("argument 'status[0]' with value 'EnumValue{name='" + "Y".repeat(15_000) + "'}'"
                        + " is not a valid 'DataDeletionJobStatus'"));
    }

    @Test
    void aListOrObjectLiteralIsLeftOut() {
        assertEquals("Validation error (WrongType@[dataDeletionJobs]) : argument 'orderBy' is missing required fields"
                + " '[direction]'",
                EngineMessages.readable("Validation error (WrongType@[dataDeletionJobs]) :"
                        + " argument 'orderBy' with value 'ObjectValue{objectFields=[ObjectField{name='field',"
                        + " value=EnumValue{name='X'}}]}' is missing required fields '[direction]'"));
    }

    /**
     * A value built to make a pattern backtrack: every quote of it a place a match could start, and no ending after
     * the enum's refusal the value carries. Matched by patterns, a message of 400 KB took four minutes of an event
     * loop; the timeout only catches a return of that.
     */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aValueBuiltToBacktrackCostsAPassOverIt() {
        String value = " with value '".repeat(80_000) + "No value found for name '" + "y".repeat(200);
        String readable = EngineMessages.readable("argument 'createdAfter' with value 'StringValue{value='" + value
                + "'}' is not a valid 'DateTime'");
        assertTrue(readable.length() <= EngineMessages.MAX_MESSAGE_LENGTH + 3, readable.length() + " characters");
        String names = "Variable 'o' has an invalid value: The variables input contains a field name '"
                + " with value '".repeat(4_000) + "' that is not defined for input object type 'Filter' ";
        assertEquals(EngineMessages.MAX_MESSAGE_LENGTH + 3, EngineMessages.readable(names).length());
    }

    @Test
    void aMessageWithoutJavaIsUnchanged() {
        String message = "Validation error (FieldUndefined@[x0]) : Field 'x0' in type 'Query' is undefined";
        assertEquals(message, EngineMessages.readable(message));
    }
}
