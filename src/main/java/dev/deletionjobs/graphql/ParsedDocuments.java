package dev.deletionjobs.graphql;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * What is known of documents already seen, so that a repeated query (the usual case) is not parsed again. Bounded by
 * the documents' total length, least recently used first out, so no sequence of documents grows it past its bound.
 */
final class ParsedDocuments<V> {

    /** About 2 MB of document text; its parsed form takes some 15 times that at most. */
    static final long DEFAULT_CHARACTERS = 1 << 20;

    private final long maxCharacters;
    private final LinkedHashMap<String, V> documents = new LinkedHashMap<>(64, 0.75f, true);
    private long characters;

    ParsedDocuments(long maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    /** What is known of {@code document}, or null. */
    synchronized V get(String document) {
        return documents.get(document);
    }

    synchronized void put(String document, V known) {
        if (document.length() > maxCharacters || documents.putIfAbsent(document, known) != null) {
            return;
        }
        characters += document.length();
        Iterator<String> leastRecent = documents.keySet().iterator();
        while (characters > maxCharacters) {
            characters -= leastRecent.next().length();
            leastRecent.remove();
        }
    }

    /** The total length of the documents held. */
    synchronized long characters() {
        return characters;
    }

    synchronized int size() {
        return documents.size();
    }
}
