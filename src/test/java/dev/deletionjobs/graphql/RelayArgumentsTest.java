package dev.deletionjobs.graphql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.pagination.PageRequest;

class RelayArgumentsTest {

    @Test
    void forwardIsTheDefault() {
        assertEquals(new PageRequest(ListDirection.FORWARD, RelayArguments.DEFAULT_PAGE_SIZE, null), valid(null, null,
                null, null));
        assertEquals(new PageRequest(ListDirection.FORWARD, 5, "c"), valid(5, "c", null, null));
        assertEquals(new PageRequest(ListDirection.FORWARD, 0, null), valid(0, null, null, null));
        assertEquals(new PageRequest(ListDirection.FORWARD, 100, null), valid(100, null, null, null));
    }

    @Test
    void lastOrBeforePageBackward() {
        assertEquals(new PageRequest(ListDirection.BACKWARD, 3, null), valid(null, null, 3, null));
        assertEquals(new PageRequest(ListDirection.BACKWARD, 3, "c"), valid(null, null, 3, "c"));
        assertEquals(new PageRequest(ListDirection.BACKWARD, RelayArguments.DEFAULT_PAGE_SIZE, "c"),
                valid(null, null, null, "c"));
    }

    @Test
    void mixedDirectionsAndBadCountsAreRefused() {
        invalid(1, null, 1, null);
        invalid(null, "a", null, "b");
        invalid(1, null, null, "b");
        invalid(null, "a", 1, null);
        invalid(-1, null, null, null);
        invalid(101, null, null, null);
        invalid(null, null, -1, null);
        invalid(null, null, 101, null);
    }

    private static PageRequest valid(Integer first, String after, Integer last, String before) {
        ConstraintViolations violations = new ConstraintViolations();
        PageRequest request = RelayArguments.toPageRequest(first, after, last, before, violations);
        assertTrue(violations.isEmpty());
        return request;
    }

    private static void invalid(Integer first, String after, Integer last, String before) {
        ConstraintViolations violations = new ConstraintViolations();
        assertNull(RelayArguments.toPageRequest(first, after, last, before, violations));
        assertTrue(!violations.isEmpty());
    }
}
