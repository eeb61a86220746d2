package dev.deletionjobs.graphql;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import jakarta.inject.Singleton;

import graphql.ExecutionInput;
import graphql.execution.preparsed.PreparsedDocumentEntry;
import graphql.execution.preparsed.PreparsedDocumentProvider;

/**
 * The engine's cache of parsed and validated documents, in place of SmallRye's, which holds 2,048 documents of any
 * length (some 230 KB of heap each at the length limit): this one is bounded by the documents' total length.
 */
@Singleton
public class ValidatedDocuments implements PreparsedDocumentProvider {

    private final ParsedDocuments<PreparsedDocumentEntry> documents = new ParsedDocuments<>(ParsedDocuments.DEFAULT_CHARACTERS);

    @Override
    public CompletableFuture<PreparsedDocumentEntry> getDocumentAsync(ExecutionInput input,
            Function<ExecutionInput, PreparsedDocumentEntry> parseAndValidate) {
        PreparsedDocumentEntry entry = documents.get(input.getQuery());
        if (entry == null) {
            entry = parseAndValidate.apply(input);
            // Only valid documents, as SmallRye's cache: an invalid one is answered at once anyway.
            if (!entry.hasErrors()) {
                documents.put(input.getQuery(), entry);
            }
        }
        return CompletableFuture.completedFuture(entry);
    }
}
