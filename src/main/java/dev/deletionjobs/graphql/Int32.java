package dev.deletionjobs.graphql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;

/**
 * GraphQL's {@code Int} as the specification reads it: a signed 32-bit integer, in place of SmallRye's, which wraps a
 * literal past 32 bits around ({@code first: 4294967298} was a page of 2), refuses {@code -2147483648}, and lets any
 * number or string through as a variable, to fail later as a "System error". Here a literal outside 32 bits is a
 * validation error, and a variable that is not a whole number within them (a fraction, {@code 1e400}, a string) is
 * refused as the engine coerces the variables, before anything runs. Results are written as SmallRye wrote them.
 * Installed by {@link SpecScalars}.
 */
final class Int32 extends SpecScalars.StrictInput {

    private static final BigInteger MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    /** The most digits left of the point of a number that may still be an {@code Int}: 2147483647 has 10. */
    private static final int MAX_DIGITS = 10;

    Int32(Coercing<?, ?> results) {
        super(results);
    }

    @Override
    Object literal(Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
        return literal(input);
    }

    @Override
    Value<?> literalOf(Object variable) {
        return IntValue.newIntValue(BigInteger.valueOf((Integer) variable)).build();
    }

    @Override
    Object variable(Object input) {
        return whole(input);
    }

    private static Integer literal(Object input) {
        if (!(input instanceof IntValue literal)) {
            throw new CoercingParseLiteralException("Expected an integer literal but it was a '"
                    + javaKind(input) + "'");
        }
        BigInteger value = literal.getValue();
        if (value.compareTo(MIN) < 0 || value.compareTo(MAX) > 0) {
            throw new CoercingParseLiteralException(outsideRange(value.toString()));
        }
        return value.intValue();
    }

    /** A variable's JSON value: SmallRye reads every JSON number as a {@link BigDecimal}. */
    private static Integer whole(Object input) {
        if (input instanceof Integer value) {
            return value;
        }
        BigDecimal number;
        if (input instanceof BigDecimal value) {
            number = value;
        } else if (input instanceof BigInteger value) {
            number = new BigDecimal(value);
        } else if (input instanceof Long || input instanceof Short || input instanceof Byte) {
            number = BigDecimal.valueOf(((Number) input).longValue());
        } else if ((input instanceof Double || input instanceof Float) && Double.isFinite(((Number) input).doubleValue())) {
            number = BigDecimal.valueOf(((Number) input).doubleValue());
        } else {
            throw new CoercingParseValueException("Expected a whole number for an 'Int' but it was a '"
                    + javaKind(input) + "'");
        }
        if (number.signum() == 0) {
            return 0;
        }
        // Judged by its digits before any is expanded: 1e1000000000 is 16 characters of JSON, a billion digits.
        long digits = (long) number.precision() - number.scale();
        if (digits > MAX_DIGITS) {
            throw new CoercingParseValueException(outsideRange(number.toString()));
        }
        BigInteger whole;
        try {
            // Past the check above, at most as many digits as the JSON text had.
            whole = digits <= 0 ? null : number.toBigIntegerExact();
        } catch (ArithmeticException fraction) {
            whole = null;
        }
        if (whole == null) {
            throw new CoercingParseValueException("Expected a whole number for an 'Int' but it was '"
                    + shown(number.toString()) + "'");
        }
        if (whole.compareTo(MIN) < 0 || whole.compareTo(MAX) > 0) {
            throw new CoercingParseValueException(outsideRange(whole.toString()));
        }
        return whole.intValue();
    }

    private static String outsideRange(String value) {
        return "Expected a value from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + " (a 32-bit 'Int') but it"
                + " was '" + shown(value) + "'";
    }
}
