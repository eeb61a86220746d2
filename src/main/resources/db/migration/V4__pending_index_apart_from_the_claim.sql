-- The queue by creation time (V1) could serve a claim's search for one account's oldest claimable job, and the
-- planner chose it whenever it could not tell the account from the others (the claim's LATERAL, a generic plan): it
-- then read past every older job of every other account, 100,000 rows for one quiet account behind one flooding one.
-- Narrowed to PENDING, it still serves what needs the oldest waiting job of all (the metric) and the count of PENDING
-- jobs, and no longer matches a claim's predicate (PENDING, or IN_PROGRESS under a lapsed lease), which only the
-- per-account queue index (V2) serves.
DROP INDEX data_deletion_jobs_work_queue;

CREATE INDEX data_deletion_jobs_pending
    ON data_deletion_jobs (creation_date_time)
    WHERE status = 'PENDING';
