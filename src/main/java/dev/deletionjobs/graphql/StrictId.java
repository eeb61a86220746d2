package dev.deletionjobs.graphql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseValueException;

/**
 * GraphQL's {@code ID} as the specification reads a variable: a string, or an integer taken as its digits.
 * graphql-java's takes any variable and prints it with Java's {@code toString}, so {@code {"x": 1}} became the id
 * {@code {x=1}}, and {@code true} or {@code 1.5} ids, each refused later by whatever read them, in Java's words. Here
 * a variable of another kind is refused as the engine coerces the variables, before anything runs. Literals and
 * results are the engine's, which reads a literal strictly already. Installed by {@link SpecScalars}.
 */
final class StrictId extends SpecScalars.StrictInput {

    /** The most digits an integer id may have: no id of this service is longer than 256 characters. */
    private static final int MAX_DIGITS = 256;
    private static final String EXPECTED = "Expected a string or an integer for an 'ID'";

    StrictId(Coercing<?, ?> results) {
        super(results);
    }

    @Override
    Object literal(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        return engines().parseLiteral(input, variables, context, locale);
    }

    @Override
    Value<?> literalOf(Object variable) {
        return StringValue.of((String) variable);
    }

    /** A variable's JSON value: SmallRye reads every JSON number as a {@link BigDecimal}. */
    @Override
    String variable(Object input) {
        if (input instanceof String string) {
            return string;
        }
        if (input instanceof Integer || input instanceof Long || input instanceof Short || input instanceof Byte
                || input instanceof BigInteger) {
            return input.toString();
        }
        if (input instanceof BigDecimal number) {
            // Judged by its digits before any is expanded: 1e1000000000 is 16 characters of JSON, a billion digits.
            if (number.signum() == 0) {
                return "0";
            }
            long digits = (long) number.precision() - number.scale();
            if (digits > 0 && digits <= MAX_DIGITS) {
                try {
                    return number.toBigIntegerExact().toString();
                } catch (ArithmeticException fraction) {
                    // Refused below.
                }
            }
            throw new CoercingParseValueException(EXPECTED + " but it was '" + shown(number.toString()) + "'");
        }
        throw new CoercingParseValueException(EXPECTED + " but it was a '" + javaKind(input) + "'");
    }
}
