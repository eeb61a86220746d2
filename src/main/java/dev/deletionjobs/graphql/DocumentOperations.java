package dev.deletionjobs.graphql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.error.InvalidInputException;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.parser.ParserEnvironment;
import graphql.parser.ParserOptions;

/**
 * Reads a document before the engine does, as the engine will (graphql-java's parser with the options it parses
 * operations with), and knows which kind of operation the engine runs for an operation name, chosen as graphql-java
 * chooses it: the kind checked is the kind that runs. What it learns of a document is remembered within a bound, so a
 * repeated document is not parsed again; an answer never depends on a document still being remembered.
 */
final class DocumentOperations {

    static final String TOO_LARGE = "DocumentTooLargeException";
    private static final String INVALID_INPUT = InvalidInputException.class.getSimpleName();

    private final int maxDocumentLength;
    private final ParsedDocuments<Operations> known;

    DocumentOperations(int maxDocumentLength, long rememberedCharacters) {
        this.maxDocumentLength = maxDocumentLength;
        this.known = new ParsedDocuments<>(rememberedCharacters);
    }

    /** The operations of {@code document}, or why it is refused unread (too long, or it does not parse). */
    Read read(String document) {
        if (document.length() > maxDocumentLength) {
            return new Read(new GraphQLRequestCheck.Refusal(TOO_LARGE, "The document is " + document.length()
                    + " characters long; at most " + maxDocumentLength + " are allowed."), null);
        }
        Operations operations = known.get(document);
        if (operations == null) {
            try {
                operations = Operations.of(Parser.parse(ParserEnvironment.newParserEnvironment().document(document)
                        .parserOptions(ParserOptions.getDefaultOperationParserOptions()).build()));
            } catch (RuntimeException e) {
                // InvalidSyntaxException, and the AssertException of an escape past Unicode's last code point: whatever
                // the parser throws, the text is at fault, and the engine's parser would throw it too.
                // The parser quotes the document around the fault, line breaks and control characters included.
                return new Read(new GraphQLRequestCheck.Refusal(INVALID_INPUT, "The document does not parse: "
                        + EngineMessages.shown(String.valueOf(e.getMessage()))), null);
            }
            known.put(document, operations);
        }
        return new Read(null, operations);
    }

    /** A document read: refused, or its operations. */
    record Read(GraphQLRequestCheck.Refusal refusal, Operations operations) {
    }

    /**
     * A document's operations as graphql-java indexes them to choose one: by name (null for an anonymous one), in the
     * order each name first appears, the last operation of a name kept.
     */
    record Operations(Map<String, OperationDefinition.Operation> byName) {

        static Operations of(Document document) {
            Map<String, OperationDefinition.Operation> byName = new LinkedHashMap<>();
            for (OperationDefinition operation : document.getDefinitionsOfType(OperationDefinition.class)) {
                byName.put(operation.getName(), operation.getOperation());
            }
            return new Operations(Collections.unmodifiableMap(byName));
        }

        /**
         * Why the engine runs no operation for {@code operationName}, in graphql-java's words: several operations and
         * no name, or a name no operation has; null when it runs one. An empty name is the first operation, as
         * graphql-java reads it.
         */
        String unknown(String operationName) {
            if (operationName == null && byName.size() > 1) {
                return "Must provide operation name if query contains multiple operations.";
            }
            if (operationName != null && !operationName.isEmpty() && !byName.containsKey(operationName)) {
                // Echoed as the service echoes any value: cut, and without characters a log or terminal would act on.
                return "Unknown operation named '" + ConstraintViolations.shown(operationName) + "'.";
            }
            return null;
        }

        /**
         * The kind of operation the engine runs for {@code operationName} when {@link #unknown} is null; null for a
         * document without operations, which the engine's validation refuses.
         */
        OperationDefinition.Operation kind(String operationName) {
            if (operationName == null || operationName.isEmpty()) {
                return byName.isEmpty() ? null : byName.values().iterator().next();
            }
            return byName.get(operationName);
        }
    }
}
