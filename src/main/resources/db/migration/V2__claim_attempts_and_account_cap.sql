-- How many times a worker claimed the job: a job whose worker stops answering that often is FAILED, not claimed again.
ALTER TABLE data_deletion_jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;

-- The claim's walk of the accounts with waiting jobs, and each one's oldest claimable job.
CREATE INDEX data_deletion_jobs_work_queue_by_account
    ON data_deletion_jobs (account_id, creation_date_time)
    WHERE status IN ('PENDING', 'IN_PROGRESS');

-- An account's running jobs, counted against its cap by every claim of the account: as many rows as are running.
CREATE INDEX data_deletion_jobs_running_by_account
    ON data_deletion_jobs (account_id)
    WHERE status = 'IN_PROGRESS';
