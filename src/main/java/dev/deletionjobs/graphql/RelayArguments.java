package dev.deletionjobs.graphql;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.pagination.PageRequest;
import dev.deletionjobs.service.DataDeletionJobService;

/**
 * The Relay cursor connection arguments: {@code first}/{@code after} page forward, {@code last}/{@code before}
 * page backward. Mixing the two directions, or a count below 0 or above 100, is refused rather than guessed at.
 */
final class RelayArguments {

    /** The page size when a query gives neither {@code first} nor {@code last}: the AWS interface's default too. */
    static final int DEFAULT_PAGE_SIZE = PageRequest.DEFAULT_SIZE;

    private RelayArguments() {
    }

    /** The page the arguments ask for; violations are added to {@code violations} and null is returned. */
    static PageRequest toPageRequest(Integer first, String after, Integer last, String before,
            ConstraintViolations violations) {
        boolean valid = true;
        if (first != null && last != null) {
            violations.add("last", last, "Member must not be given together with first");
            valid = false;
        }
        if (after != null && before != null) {
            violations.add("before", before, "Member must not be given together with after");
            valid = false;
        }
        if (first != null && before != null) {
            violations.add("before", before, "Member must not be given with first: page backward with last");
            valid = false;
        }
        if (last != null && after != null) {
            violations.add("after", after, "Member must not be given with last: page forward with first");
            valid = false;
        }
        if (!valid) {
            violations.range("first", first, 0, PageRequest.MAX_SIZE);
            violations.range("last", last, 0, PageRequest.MAX_SIZE);
            return null;
        }
        // One direction now, so at most one count: the service's rule for a page, as the AWS interface's.
        if (last != null || before != null) {
            return DataDeletionJobService.pageOf(ListDirection.BACKWARD, "last", last, 0, before, violations);
        }
        return DataDeletionJobService.pageOf(ListDirection.FORWARD, "first", first, 0, after, violations);
    }
}
