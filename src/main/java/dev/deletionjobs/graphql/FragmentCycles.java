package dev.deletionjobs.graphql;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import graphql.GraphQLContext;
import graphql.ParseAndValidate;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.validation.rules.NoFragmentCycles;

/**
 * The rule that no fragment spreads itself, however indirectly, checked in one pass over the document's fragments. It
 * stands in for graphql-java's {@link NoFragmentCycles}, whose time grows with the cube of the length of a chain of
 * fragments: a chain of 500, 16 KB of text, kept the event loop for seconds.
 */
final class FragmentCycles {

    private FragmentCycles() {
    }

    /** A fragment of {@code document} that spreads itself, however indirectly; null when none does. */
    static FragmentDefinition in(Document document) {
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        for (FragmentDefinition fragment : document.getDefinitionsOfType(FragmentDefinition.class)) {
            // A name defined twice is UniqueFragmentNames's to report; the first definition is walked.
            fragments.putIfAbsent(fragment.getName(), fragment);
        }
        Map<String, List<String>> spreads = new HashMap<>();
        for (FragmentDefinition fragment : fragments.values()) {
            Set<String> spread = new LinkedHashSet<>();
            spreadsIn(fragment.getSelectionSet(), spread);
            // A spread of a fragment that does not exist is KnownFragmentNames's to report.
            spread.retainAll(fragments.keySet());
            spreads.put(fragment.getName(), new ArrayList<>(spread));
        }
        // Depth first, without recursion: a fragment on the path that is reached again closes a cycle.
        Set<String> done = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        for (String start : fragments.keySet()) {
            if (done.contains(start)) {
                continue;
            }
            Deque<Iterator<String>> path = new ArrayDeque<>();
            Deque<String> names = new ArrayDeque<>();
            onPath.add(start);
            names.push(start);
            path.push(spreads.get(start).iterator());
            while (!path.isEmpty()) {
                Iterator<String> next = path.peek();
                if (!next.hasNext()) {
                    path.pop();
                    String finished = names.pop();
                    onPath.remove(finished);
                    done.add(finished);
                    continue;
                }
                String child = next.next();
                if (onPath.contains(child)) {
                    return fragments.get(child);
                }
                if (!done.contains(child)) {
                    onPath.add(child);
                    names.push(child);
                    path.push(spreads.get(child).iterator());
                }
            }
        }
        return null;
    }

    /**
     * Asks the engine, through {@code context}, to leave out {@link NoFragmentCycles} when it validates this request's
     * document: {@link #in} has checked it.
     */
    static void skipEnginesRule(GraphQLContext context) {
        Predicate<Class<?>> rules = context.getOrDefault(ParseAndValidate.INTERNAL_VALIDATION_PREDICATE_HINT,
                rule -> true);
        Predicate<Class<?>> withoutCycles = rule -> rule != NoFragmentCycles.class;
        context.put(ParseAndValidate.INTERNAL_VALIDATION_PREDICATE_HINT, withoutCycles.and(rules));
    }

    private static void spreadsIn(SelectionSet set, Set<String> spreads) {
        if (set == null) {
            return;
        }
        for (Selection<?> selection : set.getSelections()) {
            if (selection instanceof FragmentSpread spread) {
                spreads.add(spread.getName());
            } else if (selection instanceof InlineFragment inline) {
                spreadsIn(inline.getSelectionSet(), spreads);
            } else if (selection instanceof Field field) {
                spreadsIn(field.getSelectionSet(), spreads);
            }
        }
    }
}
