package dev.deletionjobs.pagination;

import dev.deletionjobs.job.ListDirection;

/**
 * Which page of a listing to fetch: {@code size} jobs strictly beyond the position a cursor stands for (or from
 * that end of the listing without one), walking in {@code direction}. Built by the service's rule
 * ({@code DataDeletionJobService.pageOf}), which both interfaces' arguments (maxResults; first and last) go through.
 */
public record PageRequest(ListDirection direction, int size, String cursor) {

    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 100;

    public PageRequest {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page size out of range: " + size);
        }
    }
}
