package dev.deletionjobs.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Which way a keyset scan walks from a position in a listing, whatever the listing's {@link ListOrder}. */
public enum ListDirection {
    /** Forward through the listing: the jobs after a position (older ones, newest first). */
    FORWARD,
    /** Backward through the listing: the jobs before a position (newer ones, newest first). */
    BACKWARD;

    /** The jobs of a scan in this direction, in scan order, put in the listing's order, as every page is returned. */
    public List<DataDeletionJob> inListingOrder(List<DataDeletionJob> inScanOrder) {
        if (this == FORWARD) {
            return inScanOrder;
        }
        List<DataDeletionJob> reversed = new ArrayList<>(inScanOrder);
        Collections.reverse(reversed);
        return reversed;
    }
}
