package dev.deletionjobs.graphql;

import io.smallrye.graphql.schema.model.Argument;
import io.smallrye.graphql.schema.model.Operation;
import io.smallrye.graphql.schema.model.Reference;

/**
 * Lets an operation take a list of IDs ({@code nodes(ids: [ID!]!)}). SmallRye GraphQL 2.17 declares an {@code @Id}
 * list parameter as {@code [ID!]!}, but records the list's Java type as each item's, and at run time tries to read
 * every id as a {@code List}, refusing every request. The items are strings, as for a single {@code @Id}; this
 * says so in SmallRye's model of the operation, before its data fetcher is built from it
 * ({@link GraphQLEngineSetup}).
 */
final class IdListArguments {

    private static final String ID = "ID";
    private static final String STRING = String.class.getName();

    private IdListArguments() {
    }

    static void itemsAreStrings(Operation operation) {
        if (!operation.hasArguments()) {
            return;
        }
        for (Argument argument : operation.getArguments()) {
            Reference item = argument.getReference();
            if (argument.hasWrapper() && (argument.getWrapper().isCollection() || argument.getWrapper().isArray())
                    && ID.equals(item.getName())
                    && !STRING.equals(item.getClassName())) {
                item.setClassName(STRING);
                item.setGraphQLClassName(STRING);
            }
        }
    }
}
