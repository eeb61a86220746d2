package dev.deletionjobs.service;

import static dev.deletionjobs.service.ModelPatterns.ARN;
import static dev.deletionjobs.service.ModelPatterns.ARN_MAX_LENGTH;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.ConstraintViolations;
import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.error.ResourceAlreadyExistsException;
import dev.deletionjobs.error.ResourceNotFoundException;
import dev.deletionjobs.error.TooManyTagsException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.DataDeletionJobStore;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobReading;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.ListDirection;
import dev.deletionjobs.job.ListOrder;
import dev.deletionjobs.job.ListPosition;
import dev.deletionjobs.job.StatusCounts;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.pagination.CursorCodec;
import dev.deletionjobs.pagination.JobPage;
import dev.deletionjobs.pagination.PageRequest;

/**
 * Creates, describes and lists data deletion jobs for both interfaces: the rules of the service model, the keyset
 * paging and the signed cursors live here once, whatever protocol the caller speaks.
 */
@ApplicationScoped
public class DataDeletionJobService {

    /** The instants a window may be bounded by: ISO-8601's four-digit years, which every store holds. */
    static final Instant EARLIEST_BOUND = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST_BOUND = Instant.parse("9999-12-31T23:59:59.999Z");

    /** The most jobs one lookup by ARN reads: a page's worth, as a connection's first or last. */
    public static final int MAX_JOBS_PER_LOOKUP = PageRequest.MAX_SIZE;

    private final DataDeletionJobStore store;
    private final CursorCodec cursors;
    private final Clock clock;
    private final int maxWaitingPerAccount;

    DataDeletionJobService(DataDeletionJobStore store, CursorCodec cursors, Clock clock, PersonalizeConfig config) {
        this.store = store;
        this.cursors = cursors;
        this.clock = clock;
        this.maxWaitingPerAccount = config.jobs().maxWaitingPerAccount();
    }

    /**
     * Stores a new {@code PENDING} job named after {@code request.jobName()} in {@code scope}.
     *
     * @throws dev.deletionjobs.error.InvalidInputException when a member is missing or breaks a rule
     * @throws TooManyTagsException when more than 200 tags are given
     * @throws LimitExceededException when the scope has its quota of jobs waiting or running already
     * @throws ResourceAlreadyExistsException when the scope has a job of that name already
     */
    public DataDeletionJob create(AccountScope scope, NewDataDeletionJob request) {
        validate(request);
        // Checked before the insert, not in one step with it: creates racing in one account can each pass, so the
        // queue may end up to the number of creates in flight at once beyond the quota, never without bound.
        // Across regions: a region is any name of a region's shape, so a quota per region would bound nothing.
        if (maxWaitingPerAccount > 0
                && store.countWaiting(scope.accountId(), maxWaitingPerAccount) >= maxWaitingPerAccount) {
            throw new LimitExceededException("The account has " + maxWaitingPerAccount + " data deletion jobs"
                    + " waiting or running, in all regions, the most it may have: create more once some have"
                    + " finished.");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<Tag> tags = request.tags() == null ? List.of() : request.tags();
        DataDeletionJob job = new DataDeletionJob(
                scope.dataDeletionJobArn(request.jobName()),
                scope,
                request.jobName(),
                request.datasetGroupArn(),
                request.dataSource().dataLocation(),
                request.roleArn(),
                tags,
                JobStatus.PENDING,
                null,
                null,
                now,
                now);
        if (!store.insert(job)) {
            throw new ResourceAlreadyExistsException(
                    "The data deletion job " + job.arn() + " already exists.");
        }
        return job;
    }

    /**
     * The job with that ARN in {@code scope}, as much of it as {@code reading} says, the ARN named {@code member} in
     * violations, as the caller calls it. A job of another account or region is not found, exactly like one that does
     * not exist, so ARNs reveal nothing across accounts.
     *
     * @throws ResourceNotFoundException when there is none
     */
    public DataDeletionJob describe(AccountScope scope, String member, String dataDeletionJobArn,
            JobReading reading) {
        ConstraintViolations violations = new ConstraintViolations();
        if (violations.required(member, dataDeletionJobArn)) {
            violations.string(member, dataDeletionJobArn, 0, ARN_MAX_LENGTH, ARN);
        }
        violations.throwIfAny();
        return store.findByArn(scope, dataDeletionJobArn, reading)
                .orElseThrow(() -> new ResourceNotFoundException(
                        "Could not find the data deletion job " + dataDeletionJobArn + "."));
    }

    /**
     * The jobs with these ARNs in {@code scope}, by ARN, as much of each as {@code reading} says, read with one store
     * query; an ARN with no job in the scope
     * (or of another account or region) has no entry. At most {@link #MAX_JOBS_PER_LOOKUP} ARNs, each under the ARN
     * rules, named in violations as items of {@code member}.
     *
     * @throws dev.deletionjobs.error.InvalidInputException when there are too many ARNs or one breaks a rule
     */
    public Map<String, DataDeletionJob> describeAll(AccountScope scope, String member, List<String> arns,
            JobReading reading) {
        ConstraintViolations violations = new ConstraintViolations();
        checkLookupSize(member, arns, violations);
        // Too many is refused on the count alone: no ARN of an oversized request is read.
        violations.throwIfAny();
        for (int i = 0; i < arns.size(); i++) {
            String item = member + "." + (i + 1) + ".member";
            if (violations.required(item, arns.get(i))) {
                violations.string(item, arns.get(i), 0, ARN_MAX_LENGTH, ARN);
            }
        }
        violations.throwIfAny();
        if (arns.isEmpty()) {
            return Map.of();
        }
        return store.findByArns(scope, new LinkedHashSet<>(arns), reading).stream()
                .collect(Collectors.toUnmodifiableMap(DataDeletionJob::arn, job -> job));
    }

    /** The bound of {@link #describeAll}: more than {@link #MAX_JOBS_PER_LOOKUP} values at {@code member} break it. */
    public static void checkLookupSize(String member, List<?> values, ConstraintViolations violations) {
        if (violations.required(member, values) && values.size() > MAX_JOBS_PER_LOOKUP) {
            violations.add(member, values, "Member must have length less than or equal to " + MAX_JOBS_PER_LOOKUP);
        }
    }

    /**
     * The filter of a listing, from the members a caller sent: a dataset group ARN and status names, each optional.
     * Violations join the caller's own, so a request with several mistakes hears of all of them at once.
     */
    public JobFilter filterOf(String datasetGroupArn, List<String> statuses, ConstraintViolations violations) {
        Set<JobStatus> parsed = EnumSet.noneOf(JobStatus.class);
        if (statuses != null) {
            for (String status : statuses) {
                try {
                    parsed.add(JobStatus.valueOf(status));
                } catch (IllegalArgumentException | NullPointerException e) {
                    violations.add("status", status, "Member must satisfy enum value set: "
                            + Arrays.toString(JobStatus.values()));
                }
            }
        }
        return filterOfStatuses(datasetGroupArn, parsed, null, null, violations);
    }

    /**
     * {@link #filterOf} for a caller whose statuses are typed already (GraphQL's enum), with a window of creation
     * times, each bound exclusive and optional. A bound finer than a millisecond is rounded to the millisecond that
     * selects the same jobs (creation times are whole milliseconds); a window with no room in it is valid, and empty.
     * (A name of its own: the AWS interface passes a literal null for the statuses.)
     */
    public JobFilter filterOfStatuses(String datasetGroupArn, Set<JobStatus> statuses, Instant createdAfter,
            Instant createdBefore, ConstraintViolations violations) {
        checkDatasetGroup(datasetGroupArn, violations);
        checkBound("createdAfter", createdAfter, violations);
        checkBound("createdBefore", createdBefore, violations);
        // After t is after t's millisecond; before t is before the next millisecond when t has a fraction of one.
        Instant after = createdAfter == null ? null : createdAfter.truncatedTo(ChronoUnit.MILLIS);
        Instant before = createdBefore == null ? null : createdBefore.truncatedTo(ChronoUnit.MILLIS);
        if (before != null && before.isBefore(createdBefore)) {
            before = before.plusMillis(1);
        }
        return new JobFilter(datasetGroupArn, statuses == null ? Set.of() : statuses, after, before);
    }

    private static void checkBound(String member, Instant bound, ConstraintViolations violations) {
        if (bound != null && (bound.isBefore(EARLIEST_BOUND) || bound.isAfter(LATEST_BOUND))) {
            violations.add(member, bound, "Member must be between " + EARLIEST_BOUND + " and " + LATEST_BOUND);
        }
    }

    private static void checkDatasetGroup(String datasetGroupArn, ConstraintViolations violations) {
        violations.string("datasetGroupArn", datasetGroupArn, 0, ARN_MAX_LENGTH, ARN);
    }

    /**
     * The page a caller asks for: {@code size} jobs ({@link PageRequest#DEFAULT_SIZE} when null, from {@code minSize}
     * to {@link PageRequest#MAX_SIZE}) beyond {@code cursor} in {@code direction}. A size out of range joins the
     * caller's violations under {@code sizeMember}, and there is no page (null).
     */
    public static PageRequest pageOf(ListDirection direction, String sizeMember, Integer size, int minSize,
            String cursor, ConstraintViolations violations) {
        violations.range(sizeMember, size, minSize, PageRequest.MAX_SIZE);
        if (size != null && (size < minSize || size > PageRequest.MAX_SIZE)) {
            return null;
        }
        return new PageRequest(direction, size == null ? PageRequest.DEFAULT_SIZE : size, cursor);
    }

    /** The model's rule for a {@code nextToken} a caller sends back: ASCII, at most 1,500 characters. */
    public static void checkNextToken(String member, String nextToken, ConstraintViolations violations) {
        violations.string(member, nextToken, 0, ModelPatterns.NEXT_TOKEN_MAX_LENGTH, ModelPatterns.NEXT_TOKEN);
    }

    /**
     * One page of the jobs in {@code scope} that match {@code filter} (built by {@link #filterOf}), in
     * {@code order}, as much of each job as {@code reading} says.
     *
     * @throws dev.deletionjobs.error.InvalidNextTokenException when the request's cursor is not one this service
     *         issued for the same scope, filter and order, or has expired
     */
    public JobPage list(AccountScope scope, JobFilter filter, ListOrder order, PageRequest page, JobReading reading) {
        ListPosition from = page.cursor() == null ? null : cursors.decode(page.cursor(), scope, filter, order);
        ListDirection direction = page.direction();
        // One more than asked tells whether the listing goes on, without an empty trailing page.
        List<DataDeletionJob> fetched = store.findPage(scope, filter, from, order, direction, page.size() + 1,
                reading);
        boolean more = fetched.size() > page.size();
        List<DataDeletionJob> jobs;
        if (!more) {
            jobs = fetched;
        } else if (direction == ListDirection.FORWARD) {
            jobs = fetched.subList(0, page.size());
        } else {
            jobs = fetched.subList(1, fetched.size());
        }
        // The far side of the cursor: the job it stands for counts, if it still exists.
        boolean fromCursor = from != null;
        ListDirection back = direction == ListDirection.FORWARD ? ListDirection.BACKWARD : ListDirection.FORWARD;
        BooleanSupplier behind = fromCursor ? () -> store.existsFrom(scope, filter, from, order, back)
                : JobPage.known(false);
        Function<ListPosition, String> issuer = cursors.issuer(scope, filter, order);
        return direction == ListDirection.FORWARD
                ? new JobPage(jobs, JobPage.known(more), behind, issuer)
                : new JobPage(jobs, behind, JobPage.known(more), issuer);
    }

    /** How many jobs in {@code scope} match {@code filter}. */
    public long count(AccountScope scope, JobFilter filter) {
        return store.count(scope, filter);
    }

    /** How many jobs in {@code scope} match {@code filter} in each status, every status listed. */
    public StatusCounts countByStatus(AccountScope scope, JobFilter filter) {
        return store.countByStatus(scope, filter);
    }

    /**
     * The refusal of a job with {@code count} tags, more than a job may have; an interface that counts a request's
     * tags as it reads them, not to build more than that, refuses with it too.
     */
    public static TooManyTagsException tooManyTags(int count) {
        return new TooManyTagsException("A data deletion job can have at most " + ModelPatterns.MAX_TAGS
                + " tags; the request has " + count + ".");
    }

    private static void validate(NewDataDeletionJob request) {
        // Refused on the count alone, before any tag is looked at: a request of 100,000 tags costs no more than one
        // of 201.
        if (request.tags() != null && request.tags().size() > ModelPatterns.MAX_TAGS) {
            throw tooManyTags(request.tags().size());
        }
        ConstraintViolations violations = new ConstraintViolations();
        if (violations.required("jobName", request.jobName())) {
            violations.string("jobName", request.jobName(), 1, ModelPatterns.JOB_NAME_MAX_LENGTH,
                    ModelPatterns.JOB_NAME);
        }
        if (violations.required("datasetGroupArn", request.datasetGroupArn())) {
            violations.string("datasetGroupArn", request.datasetGroupArn(), 0, ARN_MAX_LENGTH, ARN);
        }
        if (violations.required("dataSource", request.dataSource())
                && violations.required("dataSource.dataLocation", request.dataSource().dataLocation())) {
            violations.string("dataSource.dataLocation", request.dataSource().dataLocation(), 0,
                    ModelPatterns.DATA_LOCATION_MAX_LENGTH, ModelPatterns.DATA_LOCATION);
        }
        if (violations.required("roleArn", request.roleArn())) {
            violations.string("roleArn", request.roleArn(), 0, ARN_MAX_LENGTH, ModelPatterns.ROLE_ARN);
        }
        if (request.tags() != null) {
            validateTags(request.tags(), violations);
        }
        violations.throwIfAny();
    }

    private static void validateTags(List<Tag> tags, ConstraintViolations violations) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            String member = "tags." + (i + 1) + ".member";
            Tag tag = tags.get(i);
            if (!violations.required(member, tag)) {
                continue;
            }
            if (violations.required(member + ".tagKey", tag.tagKey())) {
                violations.string(member + ".tagKey", tag.tagKey(), 1, ModelPatterns.TAG_KEY_MAX_LENGTH,
                        ModelPatterns.TAG);
                if (!keys.add(tag.tagKey())) {
                    violations.add(member + ".tagKey", tag.tagKey(), "Tag keys must be unique within a request");
                }
            }
            if (violations.required(member + ".tagValue", tag.tagValue())) {
                violations.string(member + ".tagValue", tag.tagValue(), 0, ModelPatterns.TAG_VALUE_MAX_LENGTH,
                        ModelPatterns.TAG);
            }
        }
    }
}
