package dev.deletionjobs.job;

/** Which way a keyset scan walks from a position in the newest-first order. */
public enum ListDirection {
    /** Forward through the listing: older jobs. */
    OLDER,
    /** Backward through the listing: newer jobs. */
    NEWER
}
