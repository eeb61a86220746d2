package dev.deletionjobs.job;

/**
 * How much of each job a read returns. A job's tags (up to 200 keys and values, about 300 KB at their longest) can
 * outweigh the rest of it a thousand times, and few answers show them: no AWS answer does, and a GraphQL answer only
 * when its document selects {@code tags}. Reading them for a page that throws them away made a listing of 100 such
 * jobs read and decode 31 MB.
 */
public enum JobReading {

    /** Every member of each job. */
    WHOLE,

    /** Every member but the tags, which the store neither reads nor decodes: {@link DataDeletionJob#tags()} is null. */
    WITHOUT_TAGS
}
