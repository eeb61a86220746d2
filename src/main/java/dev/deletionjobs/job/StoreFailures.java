package dev.deletionjobs.job;

import dev.deletionjobs.error.Causes;

/**
 * Tells a store that is unreachable or too slow (a fault that retrying may cure) from any other fault, so the
 * interfaces can answer {@code ServiceUnavailable}, which AWS SDKs retry, without knowing which store it is.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** Whether {@code failure} (or a cause of it) is the store not answering in time. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause : Causes.of(failure)) {
            if (cause instanceof StoreUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
