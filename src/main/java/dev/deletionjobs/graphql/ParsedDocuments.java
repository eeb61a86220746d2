package dev.deletionjobs.graphql;

import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * Documents seen to parse, so that a repeated query (the usual case) is parsed once. Bounded by the documents' total
 * length, least recently used first out, so no sequence of documents grows it past its bound.
 */
final class ParsedDocuments {

    private final long maxCharacters;
    private final LinkedHashMap<String, Boolean> documents = new LinkedHashMap<>(64, 0.75f, true);
    private long characters;

    ParsedDocuments(long maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    synchronized boolean contains(String document) {
        return documents.get(document) != null;
    }

    synchronized void add(String document) {
        if (document.length() > maxCharacters || documents.putIfAbsent(document, Boolean.TRUE) != null) {
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
