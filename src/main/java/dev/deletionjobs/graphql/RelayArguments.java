package dev.deletionjobs.graphql;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.pagination.PageRequest;

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
        valid &= count("first", first, violations);
        valid &= count("last", last, violations);
        if (!valid) {
            return null;
        }
        if (last != null || before != null) {
            return new PageRequest(ListDirection.NEWER, last == null ? DEFAULT_PAGE_SIZE : last, before);
        }
        return new PageRequest(ListDirection.OLDER, first == null ? DEFAULT_PAGE_SIZE : first, after);
    }

    private static boolean count(String member, Integer value, ConstraintViolations violations) {
        if (value == null || (value >= 0 && value <= PageRequest.MAX_SIZE)) {
            return true;
        }
        violations.range(member, value, 0, PageRequest.MAX_SIZE);
        return false;
    }
}
