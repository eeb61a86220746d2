-- An account's finished jobs, the last finished first: what the worker walks, as a job finishes, to find the ones past
-- the newest personalize.jobs.max-finished-per-account and delete them. It reads none of the account's waiting jobs,
-- and finished jobs never change again, so once vacuum has seen their pages the walk is an index-only scan.
CREATE INDEX data_deletion_jobs_finished_by_account
    ON data_deletion_jobs (account_id, region, last_updated_date_time DESC, arn DESC)
    WHERE status IN ('COMPLETED', 'FAILED');
