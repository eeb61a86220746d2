package dev.deletionjobs.job;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Tells a store that is unreachable or too slow (a fault that retrying may cure) from any other fault, so the
 * interfaces can answer {@code ServiceUnavailable}, which AWS SDKs retry, without knowing which store it is.
 */
public final class StoreFailures {

    private StoreFailures() {
    }

    /** Whether {@code failure} (or a cause of it) is the store not answering in time. */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
                return true;
            }
        }
        return false;
    }
}
