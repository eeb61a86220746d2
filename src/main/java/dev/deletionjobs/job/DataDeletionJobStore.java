package dev.deletionjobs.job;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs are kept: the one port the service, the worker and the metrics use. MongoDB and PostgreSQL each implement
 * it with a Panache repository; {@code personalize.store.kind} chooses one at startup.
 * <p>
 * Every read and write of the API is confined to one {@link AccountScope}. Listings are keyset scans by
 * {@link ListPosition} (creation time, then ARN) in either {@link ListOrder}, which both stores serve from the same
 * index, walked one way or the other. A store that cannot be reached in time fails with
 * {@link StoreUnavailableException}.
 */
public interface DataDeletionJobStore {

    /**
     * Makes the store ready to serve: creates the indexes, or applies the schema migrations. Idempotent; retried
     * while the store is unreachable.
     */
    void prepare();

    /**
     * Stores a new job.
     *
     * @return false, storing nothing, when a job with the same ARN exists already (also when two creates race)
     */
    boolean insert(DataDeletionJob job);

    /** The job with this ARN in {@code scope}, as much of it as {@code reading} says. */
    Optional<DataDeletionJob> findByArn(AccountScope scope, String arn, JobReading reading);

    /**
     * The jobs of {@code scope} whose ARNs are among {@code arns} (distinct, a bounded few), in no particular order,
     * read with one query, as much of each as {@code reading} says; ARNs of no job in the scope are left out.
     */
    List<DataDeletionJob> findByArns(AccountScope scope, Collection<String> arns, JobReading reading);

    /**
     * Up to {@code limit} jobs strictly beyond {@code from} in {@code direction} through the listing in
     * {@code order} (or from that end of the listing when null), always returned in the listing's order, as much of
     * each as {@code reading} says.
     */
    List<DataDeletionJob> findPage(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction, int limit, JobReading reading);

    /** Whether any job of the filter stands at {@code from} or beyond it in that direction through that order. */
    boolean existsFrom(AccountScope scope, JobFilter filter, ListPosition from, ListOrder order,
            ListDirection direction);

    long count(AccountScope scope, JobFilter filter);

    /**
     * How many of the account's jobs a worker has yet to finish ({@code PENDING} or {@code IN_PROGRESS}), in every
     * region, counted no further than {@code atMost}: the quota's check reads about that many of the account's jobs,
     * however long its queue has grown and however many it has finished.
     */
    long countWaiting(String accountId, int atMost);

    /** How many jobs of the filter are in each status, in one grouped query. */
    StatusCounts countByStatus(AccountScope scope, JobFilter filter);

    /**
     * Atomically claims the oldest job that is {@code PENDING}, or {@code IN_PROGRESS} under a lease that expired
     * (its worker died) after fewer than {@code maxAttempts} claims, for {@code owner} for {@code lease} by the
     * store's clock, counting the claim as an attempt. Two workers never claim the same job, and a job whose account
     * has {@code maxRunningPerAccount} jobs running under live leases is passed over for the next account's.
     */
    Optional<DataDeletionJob> claimNext(String owner, Duration lease, int maxRunningPerAccount, int maxAttempts,
            Instant now);

    /**
     * Ends as {@code FAILED} with {@code reason} every job whose lease expired (by the store's clock) after its
     * {@code maxAttempts}-th claim: a job that stops its workers each time it runs.
     *
     * @return the ARNs of the jobs it ended
     */
    List<String> giveUp(int maxAttempts, String reason, Instant now);

    /**
     * Extends {@code owner}'s lease on a running job to {@code lease} from now by the store's clock; false when the job
     * is no longer its to run, or its lease has lapsed: a lapsed lease no longer counted against the account's cap,
     * and the job may be claimed already, so the worker lets go of it.
     */
    boolean renewLease(String arn, String owner, Duration lease);

    /** Records how {@code owner}'s job ended; false (changing nothing) when the job is no longer its own. */
    boolean finish(String arn, String owner, JobOutcome outcome, Instant now);

    /**
     * Hands {@code owner}'s unfinished job back as {@code PENDING}, for another worker to run; the claim does not
     * count as an attempt, since the job did not fail.
     */
    boolean release(String arn, String owner, Instant now);

    /**
     * Deletes up to {@code atMost} of the account's finished jobs ({@code COMPLETED} or {@code FAILED}), in every
     * region, beyond the {@code kept} that finished last (then by ARN, for jobs that finished in the same millisecond):
     * what bounds an account's history. Reads about {@code kept + atMost} of the account's jobs, and never deletes a
     * job a worker has yet to finish.
     *
     * @return how many jobs it deleted
     */
    int pruneFinished(String accountId, int kept, int atMost);

    /** How many jobs are in {@code status}, across every account and region. */
    long countByStatus(JobStatus status);

    /** When the oldest {@code PENDING} job was created, across every account; empty when none waits. */
    Optional<Instant> oldestPendingCreation();

    /**
     * Whether {@code failure}, as this store's client threw it (or a cause of what it threw), means the store could not
     * be reached or did not answer in time: a fault that retrying may cure, as opposed to a bug. The port's
     * interceptor turns such a fault into {@link StoreUnavailableException}, which {@link StoreFailures} recognises.
     */
    boolean isUnreachable(Throwable failure);
}
