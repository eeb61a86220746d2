-- How many times a worker claimed the job: a job whose worker stops answering that often is FAILED, not claimed again.
ALTER TABLE data_deletion_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

-- The claim's per-account work: an account's running jobs (counted against its cap) and its oldest claimable one.
CREATE INDEX data_deletion_jobs_work_queue_by_account
    ON data_deletion_jobs (account_id, creation_date_time)
    WHERE status IN ('PENDING', 'IN_PROGRESS');
