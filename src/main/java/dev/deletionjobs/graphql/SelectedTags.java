package dev.deletionjobs.graphql;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.deletionjobs.job.JobReading;
import graphql.execution.conditional.ConditionalNodes;
import graphql.language.DirectivesContainer;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.schema.DataFetchingEnvironment;

/**
 * Whether a field's answer shows its jobs' tags, so that the store reads tags only for an answer that shows them
 * ({@link JobReading}). Read from the field's own nodes in the document: fields by name (whatever their alias),
 * inline fragments and fragment spreads, with {@code @skip} and {@code @include} decided as the engine decides them.
 * The engine's {@code getSelectionSet()} would build the normalized form of the whole operation for it, 3.5 % of a
 * page of 100 jobs' CPU. Type conditions are not read: a fragment on another type that selects {@code tags} makes
 * the store read tags it did not need, never leaves out tags an answer shows.
 */
final class SelectedTags {

    /** Where the jobs of a connection show their tags. */
    static final List<List<String>> IN_CONNECTION = List.of(List.of("edges", "node", "tags"), List.of("nodes", "tags"));

    /** Where a job, or a list of jobs, shows its tags. */
    static final List<List<String>> ON_JOB = List.of(List.of("tags"));

    /** The engine's own decision of {@code @skip} and {@code @include} (an internal class of graphql-java's). */
    private static final ConditionalNodes CONDITIONS = new ConditionalNodes();

    private SelectedTags() {
    }

    /** {@link JobReading#WHOLE} when the field being fetched selects any of {@code paths}, else without tags. */
    static JobReading reading(DataFetchingEnvironment environment, List<List<String>> paths) {
        for (List<String> path : paths) {
            Walk walk = new Walk(environment, path);
            for (Field field : environment.getMergedField().getFields()) {
                if (walk.selects(field.getSelectionSet(), 0)) {
                    return JobReading.WHOLE;
                }
            }
        }
        return JobReading.WITHOUT_TAGS;
    }

    /** One path looked for in one field's selections. */
    private static final class Walk {

        private final DataFetchingEnvironment environment;
        private final Map<String, FragmentDefinition> fragments;
        private final List<String> path;
        /**
         * The fragments already walked for a step of the path ("step name"): walking one again finds nothing new, and
         * fragments that spread each other twice over would otherwise be walked exponentially often.
         */
        private final Set<String> walked = new HashSet<>();

        Walk(DataFetchingEnvironment environment, List<String> path) {
            this.environment = environment;
            this.fragments = environment.getFragmentsByName();
            this.path = path;
        }

        /** Whether {@code selections} select the path from its {@code step}-th name on. */
        boolean selects(SelectionSet selections, int step) {
            if (selections == null) {
                return false;
            }
            for (Selection<?> selection : selections.getSelections()) {
                if (selection instanceof Field field) {
                    if (field.getName().equals(path.get(step)) && included(field)
                            && (step == path.size() - 1 || selects(field.getSelectionSet(), step + 1))) {
                        return true;
                    }
                } else if (selection instanceof InlineFragment fragment) {
                    if (included(fragment) && selects(fragment.getSelectionSet(), step)) {
                        return true;
                    }
                } else if (selection instanceof FragmentSpread spread) {
                    FragmentDefinition fragment = fragments.get(spread.getName());
                    if (fragment != null && included(spread) && walked.add(step + " " + spread.getName())
                            && selects(fragment.getSelectionSet(), step)) {
                        return true;
                    }
                }
            }
            return false;
        }

        private boolean included(DirectivesContainer<?> node) {
            return CONDITIONS.shouldInclude(node, environment.getVariables(), environment.getGraphQLSchema(),
                    environment.getGraphQlContext());
        }
    }
}
