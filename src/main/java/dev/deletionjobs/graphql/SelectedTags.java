package dev.deletionjobs.graphql;

import java.util.List;

import dev.deletionjobs.job.JobReading;
import graphql.schema.DataFetchingFieldSelectionSet;
import graphql.schema.SelectedField;

/**
 * Whether a field's answer shows its jobs' tags, read from the field's selection as the engine resolved it (fragments,
 * aliases, {@code @skip} and {@code @include} included), so that the store reads tags only for an answer that shows
 * them ({@link JobReading}). Walked field by field rather than matched with the selection's glob patterns, which
 * compile a pattern on every call of the hottest field.
 */
final class SelectedTags {

    /** Where the jobs of a connection show their tags. */
    static final List<List<String>> IN_CONNECTION = List.of(List.of("edges", "node", "tags"), List.of("nodes", "tags"));

    /** Where a job, or a list of jobs, shows its tags. */
    static final List<List<String>> ON_JOB = List.of(List.of("tags"));

    private SelectedTags() {
    }

    /** {@link JobReading#WHOLE} when {@code selection} selects any of {@code paths}, else without tags. */
    static JobReading reading(DataFetchingFieldSelectionSet selection, List<List<String>> paths) {
        for (List<String> path : paths) {
            if (selects(selection, path)) {
                return JobReading.WHOLE;
            }
        }
        return JobReading.WITHOUT_TAGS;
    }

    private static boolean selects(DataFetchingFieldSelectionSet selection, List<String> path) {
        for (SelectedField field : selection.getImmediateFields()) {
            if (field.getName().equals(path.get(0))
                    && (path.size() == 1 || selects(field.getSelectionSet(), path.subList(1, path.size())))) {
                return true;
            }
        }
        return false;
    }
}
