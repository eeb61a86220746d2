package dev.deletionjobs.graphql;

import java.util.concurrent.atomic.AtomicInteger;

import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldParameters;

/** An instrumentation that watches single fields, as a tracing one would: it counts the fields the engine begins. */
final class FieldCounting extends SimplePerformantInstrumentation {

    final AtomicInteger fields = new AtomicInteger();

    @Override
    public InstrumentationContext<Object> beginFieldExecution(InstrumentationFieldParameters parameters,
            InstrumentationState state) {
        fields.incrementAndGet();
        return null;
    }
}
