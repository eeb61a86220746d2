package dev.deletionjobs.service;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobChangeFeed;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.StoreUnavailableException;
import dev.deletionjobs.job.Tag;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Jobs as they change, for subscribers: one {@link JobChangeFeed} per replica follows the store, so a subscriber sees
 * what any replica (or any writer of the store) did, and each change is handed to the subscribers whose scope and
 * filter it matches. A subscriber that falls {@code personalize.graphql.subscriptions.buffer-size} events behind is
 * ended with {@link LimitExceededException}, and one that may have missed changes (the feed lost the store) with
 * {@link StoreUnavailableException}: the feed never waits for a subscriber. A replica holds at most
 * {@code max-per-replica} subscribers, and an account at most {@code max-per-account} of them, so no caller opening
 * WebSockets can grow the replica's memory or take every other account's place.
 * <p>
 * A change waiting for its subscriber holds the whole job, tags included (up to some 330 KB), so the changes waiting
 * are bounded in bytes too: the replica's at {@code max-buffered-bytes}, an account's at its share of that as of the
 * places ({@code max-buffered-bytes * max-per-account / max-per-replica}). A change that would have to wait past
 * either ends the subscribers furthest behind (of the account, or of the replica) until it fits, as falling
 * {@code buffer-size} behind does; one its subscriber takes at once waits for nothing and counts for nothing. So a
 * subscriber that keeps up is never ended for another's backlog.
 */
@Singleton
public class DataDeletionJobChanges implements JobChangeFeed.Listener {

    /** Before anything that closes the store: the embedded store stops at 1000. */
    static final int STOP_PRIORITY = 100;

    private final JobChangeFeed feed;
    private final boolean enabled;
    private final int bufferSize;
    private final int maxPerAccount;
    private final int maxPerReplica;
    /** How many bytes of changes the replica's subscribers may hold waiting, and an account's, together. */
    private final long maxBufferedBytes;
    private final long accountShare;
    private final AtomicLong waitingInReplica = new AtomicLong();
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    /** The bytes of changes each account's subscribers hold waiting, while it has any; guarded by perAccount. */
    private final Map<String, AtomicLong> waitingPerAccount = new HashMap<>();
    /**
     * Each account's subscribers on this replica, over all its regions (a key without regions may sign any
     * region-shaped name); guarded by itself, with the admission it decides.
     */
    private final Map<String, Integer> perAccount = new HashMap<>();
    private volatile boolean following;
    private AutoCloseable feedHandle;

    DataDeletionJobChanges(JobChangeFeed feed, PersonalizeConfig config, MeterRegistry registry) {
        this.feed = feed;
        this.enabled = config.graphql().subscriptions().enabled();
        this.bufferSize = config.graphql().subscriptions().bufferSize();
        this.maxPerAccount = config.graphql().subscriptions().maxPerAccount();
        this.maxPerReplica = config.graphql().subscriptions().maxPerReplica();
        this.maxBufferedBytes = config.graphql().subscriptions().maxBufferedBytes().asLongValue();
        this.accountShare = config.graphql().subscriptions().accountShareOfBufferedBytes();
        Gauge.builder("personalize.graphql.subscriptions", subscribers, Set::size)
                .description("GraphQL subscriptions open on this replica")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (enabled) {
            feedHandle = feed.follow(this);
        }
    }

    /**
     * Before anything that closes the store (the embedded store stops at priority 1000): a feed still reading when
     * its store goes would report an outage that is only the end.
     */
    void stop(@Observes @Priority(STOP_PRIORITY) ShutdownEvent event) throws Exception {
        if (feedHandle != null) {
            feedHandle.close();
        }
        subscribers.forEach(subscriber -> subscriber.emitter.complete());
    }

    /** How many subscribers this replica holds now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Whether changes are being followed now, so a new subscriber misses none from here on. */
    public boolean isFollowing() {
        return following;
    }

    /**
     * Every job of {@code scope} that {@code filter} lets through, each time it is created or changes status, from
     * now until the subscriber cancels.
     *
     * @throws StoreUnavailableException (as the stream's failure) when the store's changes cannot be followed now
     * @throws LimitExceededException (as the stream's failure) when the replica or the account holds its most
     */
    public Multi<DataDeletionJob> follow(AccountScope scope, JobFilter filter) {
        return Multi.createFrom().deferred(() -> {
            Subscriber subscriber = new Subscriber(scope, filter);
            return Multi.createFrom().<DataDeletionJob> emitter(emitter -> {
                subscriber.emitter = emitter;
                RuntimeException refusal = admit(subscriber);
                if (refusal != null) {
                    emitter.fail(refusal);
                    return;
                }
                emitter.onTermination(() -> leave(subscriber));
            }, BackPressureStrategy.ERROR)
                    .onOverflow().buffer(bufferSize)
                    // Past the buffer: what the subscriber takes, and what it asks for.
                    .onItem().invoke(subscriber::took)
                    .onRequest().invoke(subscriber::asked)
                    .onFailure(BackPressureFailure.class).transform(overflow -> new LimitExceededException(
                            "The subscriber fell " + bufferSize + " changes behind and was ended; read the jobs again"
                                    + " and subscribe again."));
        });
    }

    /**
     * Counts {@code subscriber} in, or says why not: the changes are not followed now, or a limit would be crossed.
     * Under the lock an interruption takes: else a subscriber could be let in after the interruption failed the others,
     * and go on past the gap without a word.
     */
    private RuntimeException admit(Subscriber subscriber) {
        synchronized (perAccount) {
            if (!following) {
                return new StoreUnavailableException("The store's changes cannot be followed now.");
            }
            if (subscribers.size() >= maxPerReplica) {
                return new LimitExceededException(
                        "This replica holds " + maxPerReplica + " subscriptions, its most; try again later.");
            }
            String account = subscriber.scope.accountId();
            int ofAccount = perAccount.getOrDefault(account, 0);
            if (ofAccount >= maxPerAccount) {
                return new LimitExceededException("An account may hold " + maxPerAccount + " subscriptions on a replica"
                        + " at once, in all regions; complete one first.");
            }
            perAccount.put(account, ofAccount + 1);
            subscriber.waitingOfAccount = waitingPerAccount.computeIfAbsent(account, any -> new AtomicLong());
            subscribers.add(subscriber);
            return null;
        }
    }

    private void leave(Subscriber subscriber) {
        subscriber.release();
        synchronized (perAccount) {
            if (subscribers.remove(subscriber)) {
                String account = subscriber.scope.accountId();
                if (perAccount.computeIfPresent(account, (any, count) -> count == 1 ? null : count - 1) == null) {
                    waitingPerAccount.remove(account);
                }
            }
        }
    }

    @Override
    public boolean wantsChanges() {
        return !subscribers.isEmpty();
    }

    @Override
    public void following() {
        following = true;
        Log.debug("Following the store's job changes");
    }

    @Override
    public void changed(DataDeletionJob job) {
        long bytes = -1;
        for (Subscriber subscriber : subscribers) {
            if (subscriber.scope.equals(job.scope()) && subscriber.filter.matches(job)) {
                if (bytes < 0) {
                    bytes = heapBytes(job);
                }
                subscriber.offer(job, bytes);
            }
        }
    }

    /** How many bytes the changes of the replica hold waiting for their subscribers now, for tests. */
    long waitingBytes() {
        return waitingInReplica.get();
    }

    /**
     * Ends the subscribers furthest behind until {@code bytes} more fit beside the changes waiting, in the account of
     * {@code receiving} and in the replica; false when {@code receiving} itself was ended, or nothing could be.
     */
    private boolean makeRoom(Subscriber receiving, long bytes) {
        while (true) {
            boolean accountFull = receiving.waitingOfAccount.get() + bytes > accountShare;
            if (!accountFull && waitingInReplica.get() + bytes <= maxBufferedBytes) {
                return true;
            }
            Subscriber furthest = null;
            for (Subscriber subscriber : subscribers) {
                if ((!accountFull || subscriber.scope.accountId().equals(receiving.scope.accountId()))
                        && subscriber.holding.get() > 0
                        && (furthest == null || subscriber.holding.get() > furthest.holding.get())) {
                    furthest = subscriber;
                }
            }
            if (furthest == null) {
                // Nothing waits to let go of: the change alone is more than the share.
                furthest = receiving;
            }
            furthest.end(accountFull ? "The subscriber fell furthest behind of its account, whose share of the"
                    + " changes a replica holds waiting (" + accountShare + " bytes) was full, and was ended; read"
                    + " the jobs again and subscribe again."
                    : "The subscriber fell furthest behind when the replica held all the changes it holds waiting ("
                            + maxBufferedBytes + " bytes), and was ended; read the jobs again and subscribe again.");
            if (furthest == receiving) {
                return false;
            }
        }
    }

    /** How many bytes the changes of {@code accountId} hold waiting for their subscribers now, for tests. */
    long waitingBytes(String accountId) {
        synchronized (perAccount) {
            AtomicLong waiting = waitingPerAccount.get(accountId);
            return waiting == null ? 0 : waiting.get();
        }
    }

    /**
     * About what {@code job} holds of the heap: its texts at two bytes a character (a letter beyond the BMP is two
     * characters), and each string's and tag's own objects.
     */
    static long heapBytes(DataDeletionJob job) {
        long characters = length(job.arn()) + length(job.jobName()) + length(job.datasetGroupArn())
                + length(job.dataLocation()) + length(job.roleArn()) + length(job.failureReason());
        for (Tag tag : job.tags()) {
            characters += length(tag.tagKey()) + length(tag.tagValue());
        }
        return 2 * characters + 112L * job.tags().size() + 512;
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }

    @Override
    public void interrupted(Exception cause) {
        List<Subscriber> interrupted;
        synchronized (perAccount) {
            following = false;
            interrupted = List.copyOf(subscribers);
        }
        for (Subscriber subscriber : interrupted) {
            subscriber.emitter.fail(new StoreUnavailableException(
                    "The store's changes could not be followed for a while, so some may be missing; read the jobs"
                            + " again and subscribe again."));
        }
    }

    /** One subscription: what it follows, and the changes it holds waiting in its buffer, in order, by their bytes. */
    private final class Subscriber {

        private final AccountScope scope;
        private final JobFilter filter;
        /** The account's bytes waiting, shared by its subscribers; set as it is let in. */
        private volatile AtomicLong waitingOfAccount;
        /** The bytes of each change handed over and not yet taken, oldest first. */
        private final Queue<Long> handedOver = new ConcurrentLinkedQueue<>();
        private final AtomicLong holding = new AtomicLong();
        /** Changes asked for and not yet taken: while there are, and none waits, the next passes straight through. */
        private final AtomicLong asked = new AtomicLong();
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile MultiEmitter<? super DataDeletionJob> emitter;

        Subscriber(AccountScope scope, JobFilter filter) {
            this.scope = scope;
            this.filter = filter;
        }

        /** Hands {@code job} over; if it would wait, after making room for it ({@link #makeRoom}). */
        void offer(DataDeletionJob job, long bytes) {
            boolean waits = asked.get() <= 0 || holding.get() > 0;
            if (waits && !makeRoom(this, bytes)) {
                return;
            }
            // Counted before it is queued: a taker never gives back what was not yet counted.
            holding.addAndGet(bytes);
            waitingOfAccount.addAndGet(bytes);
            waitingInReplica.addAndGet(bytes);
            handedOver.add(bytes);
            if (ended.get()) {
                // It ended while this change was handed over: nothing will take it.
                giveBackAll();
                return;
            }
            emitter.emit(job);
        }

        void took(DataDeletionJob job) {
            asked.decrementAndGet();
            Long bytes = handedOver.poll();
            if (bytes != null) {
                give(bytes);
            }
        }

        void asked(long count) {
            asked.accumulateAndGet(count, (now, more) -> now + more < 0 ? Long.MAX_VALUE : now + more);
        }

        /** Ends the subscription with LimitExceededException, letting go of the changes it holds at once. */
        void end(String message) {
            emitter.fail(new LimitExceededException(message));
            release();
        }

        /** Gives back what the subscriber still holds: it has ended, and its buffer with it. */
        void release() {
            if (ended.compareAndSet(false, true)) {
                giveBackAll();
            }
        }

        private void giveBackAll() {
            for (Long bytes = handedOver.poll(); bytes != null; bytes = handedOver.poll()) {
                give(bytes);
            }
        }

        private void give(long bytes) {
            holding.addAndGet(-bytes);
            waitingOfAccount.addAndGet(-bytes);
            waitingInReplica.addAndGet(-bytes);
        }
    }
}
