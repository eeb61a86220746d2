-- The jobs of every account and region, one row each. Timestamps hold milliseconds (the service truncates them).
CREATE TABLE data_deletion_jobs (
    -- Bytewise ("C") order: the listing tie-break on equal creation times is the same in every locale, and the same
    -- as MongoDB's, so a pagination token means one place in the order whichever database the replica was set up on.
    arn                    TEXT COLLATE "C" PRIMARY KEY,
    account_id             TEXT        NOT NULL,
    region                 TEXT        NOT NULL,
    job_name               TEXT        NOT NULL,
    dataset_group_arn      TEXT        NOT NULL,
    data_location          TEXT        NOT NULL,
    role_arn               TEXT        NOT NULL,
    tags                   JSONB       NOT NULL DEFAULT '[]',
    status                 TEXT        NOT NULL
        CHECK (status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED')),
    num_deleted            INTEGER,
    failure_reason         TEXT,
    creation_date_time     TIMESTAMPTZ NOT NULL,
    last_updated_date_time TIMESTAMPTZ NOT NULL,
    -- The worker that holds an IN_PROGRESS job, and until when.
    owner                  TEXT,
    lease_expiry           TIMESTAMPTZ
);

-- ListDataDeletionJobs and the GraphQL connection, newest first, keyset-paged on (creation_date_time, arn).
CREATE INDEX data_deletion_jobs_by_account_newest_first
    ON data_deletion_jobs (account_id, region, creation_date_time DESC, arn DESC);

-- The same, narrowed to one dataset group.
CREATE INDEX data_deletion_jobs_by_dataset_group_newest_first
    ON data_deletion_jobs (account_id, region, dataset_group_arn, creation_date_time DESC, arn DESC);

-- The workers' queue: only the jobs that may still be claimed, oldest first; finished jobs never enter it.
CREATE INDEX data_deletion_jobs_work_queue
    ON data_deletion_jobs (creation_date_time)
    WHERE status IN ('PENDING', 'IN_PROGRESS');
