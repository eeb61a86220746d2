package dev.deletionjobs.service;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
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
        return Multi.createFrom().<DataDeletionJob> emitter(emitter -> {
            if (!following) {
                emitter.fail(new StoreUnavailableException("The store's changes cannot be followed now."));
                return;
            }
            Subscriber subscriber = new Subscriber(scope, filter, emitter);
            String refusal = admit(subscriber);
            if (refusal != null) {
                emitter.fail(new LimitExceededException(refusal));
                return;
            }
            emitter.onTermination(() -> leave(subscriber));
        }, BackPressureStrategy.ERROR)
                .onOverflow().buffer(bufferSize)
                .onFailure(BackPressureFailure.class).transform(overflow -> new LimitExceededException(
                        "The subscriber fell " + bufferSize + " changes behind and was ended; read the jobs again"
                                + " and subscribe again."));
    }

    /** Counts {@code subscriber} in, or says which limit it would cross. */
    private String admit(Subscriber subscriber) {
        synchronized (perAccount) {
            if (subscribers.size() >= maxPerReplica) {
                return "This replica holds " + maxPerReplica + " subscriptions, its most; try again later.";
            }
            String account = subscriber.scope.accountId();
            int ofAccount = perAccount.getOrDefault(account, 0);
            if (ofAccount >= maxPerAccount) {
                return "An account may hold " + maxPerAccount + " subscriptions on a replica at once, in all regions;"
                        + " complete one first.";
            }
            perAccount.put(account, ofAccount + 1);
            subscribers.add(subscriber);
            return null;
        }
    }

    private void leave(Subscriber subscriber) {
        synchronized (perAccount) {
            if (subscribers.remove(subscriber)) {
                perAccount.computeIfPresent(subscriber.scope.accountId(), (account, count) -> count == 1 ? null
                        : count - 1);
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
        for (Subscriber subscriber : subscribers) {
            if (subscriber.scope.equals(job.scope()) && subscriber.filter.matches(job)) {
                subscriber.emitter.emit(job);
            }
        }
    }

    @Override
    public void interrupted(Exception cause) {
        following = false;
        for (Subscriber subscriber : subscribers) {
            subscriber.emitter.fail(new StoreUnavailableException(
                    "The store's changes could not be followed for a while, so some may be missing; read the jobs"
                            + " again and subscribe again."));
        }
    }

    private record Subscriber(AccountScope scope, JobFilter filter, MultiEmitter<? super DataDeletionJob> emitter) {
    }
}
