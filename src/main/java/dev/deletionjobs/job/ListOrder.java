package dev.deletionjobs.job;

/**
 * The order of a listing: by creation time, then ARN, newest first (the default, and the only order of AWS's
 * ListDataDeletionJobs) or oldest first. Both are served by the same indexes, walked one way or the other.
 */
public enum ListOrder {
    NEWEST_FIRST,
    OLDEST_FIRST;

    /**
     * Whether a scan in {@code direction} through a listing in this order walks towards older jobs: forward newest
     * first, backward oldest first. The stores pick the index's walk and the keyset comparison from this.
     */
    public boolean walksTowardsOlder(ListDirection direction) {
        return (this == NEWEST_FIRST) == (direction == ListDirection.FORWARD);
    }
}
