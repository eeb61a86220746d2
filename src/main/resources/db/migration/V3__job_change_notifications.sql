-- Every job created, and every change of a job's status, is announced on the channel data_deletion_job_changes to the
-- replicas that LISTEN (for GraphQL subscriptions), by any writer. NOTIFY runs in the transaction of the change, so
-- it is delivered when that commits and never for a change rolled back. The payload (at most a few hundred bytes,
-- far below NOTIFY's 8000) says what changed; the listener reads the members that never change by the ARN.
CREATE FUNCTION data_deletion_job_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('data_deletion_job_changes', json_build_object(
        'arn', NEW.arn,
        'status', NEW.status,
        'numDeleted', NEW.num_deleted,
        'lastUpdated', (extract(epoch FROM NEW.last_updated_date_time) * 1000)::bigint)::text);
    RETURN NULL;
END
$$;

CREATE TRIGGER data_deletion_job_created
    AFTER INSERT ON data_deletion_jobs
    FOR EACH ROW EXECUTE FUNCTION data_deletion_job_changed();

-- A lease renewed, or a job claimed again by the same status, is no change of status: only a new status, or a new
-- time of the last change (a job taken over after its worker died), is announced.
CREATE TRIGGER data_deletion_job_status_changed
    AFTER UPDATE OF status, last_updated_date_time ON data_deletion_jobs
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR OLD.last_updated_date_time IS DISTINCT FROM NEW.last_updated_date_time)
    EXECUTE FUNCTION data_deletion_job_changed();
