-- An account's finished jobs in every region, the last finished first: what the worker walks, as jobs finish, to find
-- the ones past the newest personalize.jobs.max-finished-per-account and delete them. It reads none of the account's
-- waiting jobs, and finished jobs never change again.
CREATE INDEX data_deletion_jobs_finished_by_account
    ON data_deletion_jobs (account_id, last_updated_date_time DESC, arn DESC)
    WHERE status IN ('COMPLETED', 'FAILED');
