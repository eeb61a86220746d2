package dev.deletionjobs.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Which way a keyset scan walks from a position in the newest-first order. */
public enum ListDirection {
    /** Forward through the listing: older jobs. */
    OLDER,
    /** Backward through the listing: newer jobs. */
    NEWER;

    /** The jobs of a scan in this direction, in scan order, put newest first, as every page is returned. */
    public List<DataDeletionJob> newestFirst(List<DataDeletionJob> inScanOrder) {
        if (this == OLDER) {
            return inScanOrder;
        }
        List<DataDeletionJob> reversed = new ArrayList<>(inScanOrder);
        Collections.reverse(reversed);
        return reversed;
    }
}
