package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.Tag;
import dev.deletionjobs.store.embedded.EmbeddedStoreShutdown;
import dev.deletionjobs.testing.GraphQLSubscriber;
import dev.deletionjobs.testing.Management;
import dev.deletionjobs.testing.SeededJobs;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The replica's fan-out of the store's changes: a subscriber that takes nothing is ended once it is a buffer behind,
 * without holding up the feed, and the subscribers a replica holds are a gauge on the management port.
 */
@QuarkusTest
class DataDeletionJobChangesTest {

    @Inject
    BeanManager beans;

    @Inject
    DataDeletionJobChanges changes;

    @ConfigProperty(name = "personalize.graphql.subscriptions.buffer-size")
    int bufferSize;

    @ConfigProperty(name = "personalize.graphql.subscriptions.max-per-account")
    int maxPerAccount;

    @ConfigProperty(name = "personalize.graphql.subscriptions.max-per-replica")
    int maxPerReplica;

    @Test
    void aSubscriberThatFallsABufferBehindIsEndedAndTheFeedGoesOn() {
        String group = "arn:aws:personalize:us-east-1:000000000000:dataset-group/slow-" + UUID.randomUUID();
        JobFilter filter = new JobFilter(group, Set.of());
        AssertSubscriber<DataDeletionJob> slow = changes.follow(SeededJobs.SCOPE, filter)
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<DataDeletionJob> keepingUp = changes.follow(SeededJobs.SCOPE, filter)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

        for (int i = 0; i <= bufferSize; i++) {
            // The feed's thread hands each change over and returns: it never waits for a subscriber.
            changes.changed(job(group));
        }

        slow.assertFailedWith(LimitExceededException.class);
        assertTrue(slow.getFailure().getMessage().contains(bufferSize + " changes behind"));
        assertEquals(bufferSize + 1, keepingUp.getItems().size(), "the others still get every change");
        keepingUp.cancel();
    }

    @Test
    void aSubscriberBehindByItsAccountsShareOfBytesIsEndedAndNoOtherIs() {
        AccountScope tenant = new AccountScope("444444444444", "us-east-1");
        AccountScope neighbour = new AccountScope("555555555555", "us-east-1");
        String group = "arn:aws:personalize:us-east-1:444444444444:dataset-group/tags-" + UUID.randomUUID();
        JobFilter filter = new JobFilter(null, Set.of());
        AssertSubscriber<DataDeletionJob> slow = changes.follow(tenant, filter)
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<DataDeletionJob> keepingUp = changes.follow(tenant, filter)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<DataDeletionJob> neighbourBehind = changes.follow(neighbour, filter)
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        try {
            changes.changed(job(neighbour, group, List.of()));
            // Jobs with 200 tags at their longest in ASCII, some 177 KB each: far fewer than buffer-size fill the
            // account's share of 32 MB over the 10 accounts the replica's places hold.
            DataDeletionJob tagged = job(tenant, group, IntStream.range(0, 200)
                    .mapToObj(t -> new Tag(String.format("%03d", t) + "k".repeat(125), "v".repeat(256))).toList());
            long share = 32L * 1024 * 1024 * maxPerAccount / maxPerReplica;
            int fit = (int) (share / DataDeletionJobChanges.heapBytes(tagged));
            for (int i = 0; i < fit; i++) {
                changes.changed(tagged);
            }
            slow.assertNotTerminated();
            assertEquals(fit * DataDeletionJobChanges.heapBytes(tagged), changes.waitingBytes(tenant.accountId()),
                    "what waits for the slow subscriber; the one keeping up took each change at once");

            changes.changed(tagged);
            slow.assertFailedWith(LimitExceededException.class, "The subscriber fell behind by more than its"
                    + " account's share of the changes a replica holds waiting (" + share + " bytes)");
            assertEquals(0, changes.waitingBytes(tenant.accountId()), "an ended subscriber's changes are let go");
            assertEquals(fit + 1, keepingUp.getItems().size(), "a subscriber that keeps up gets every change");
            neighbourBehind.assertNotTerminated();
            assertTrue(changes.waitingBytes(neighbour.accountId()) > 0, "the neighbour's change still waits");
        } finally {
            keepingUp.cancel();
            neighbourBehind.cancel();
        }
        assertEquals(0, changes.waitingBytes(neighbour.accountId()));
    }

    @Test
    void anAccountHoldsABoundedShareOfTheReplicasSubscribers() {
        JobFilter filter = new JobFilter(null, Set.of());
        AccountScope tenant = new AccountScope("111111111111", "eu-west-1");
        // A key without regions may sign any region-shaped name: the regions share the account's one share.
        AccountScope tenantElsewhere = new AccountScope("111111111111", "us-west-2");
        List<AssertSubscriber<DataDeletionJob>> held = new ArrayList<>();
        try {
            for (int i = 0; i < maxPerAccount; i++) {
                hold(held, i % 2 == 0 ? tenant : tenantElsewhere, filter);
            }
            for (AccountScope scope : List.of(tenant, tenantElsewhere, new AccountScope("111111111111", "aa-a-1"))) {
                follow(scope, filter).assertFailedWith(LimitExceededException.class, "An account may hold "
                        + maxPerAccount + " subscriptions on a replica at once, in all regions");
            }
            follow(new AccountScope("222222222222", "eu-west-1"), filter).assertNotTerminated().cancel();

            held.remove(0).cancel();
            hold(held, tenant, filter);
        } finally {
            held.forEach(AssertSubscriber::cancel);
        }
    }

    @Test
    void aReplicaHoldsABoundedNumberOfSubscribers() {
        JobFilter filter = new JobFilter(null, Set.of());
        List<AssertSubscriber<DataDeletionJob>> held = new ArrayList<>();
        try {
            for (int account = 0; changes.subscriberCount() < maxPerReplica; account++) {
                AccountScope tenant = new AccountScope(String.format("2%011d", account), "us-east-1");
                for (int i = 0; i < maxPerAccount && changes.subscriberCount() < maxPerReplica; i++) {
                    hold(held, tenant, filter);
                }
            }
            follow(new AccountScope("333333333333", "us-east-1"), filter).assertFailedWith(
                    LimitExceededException.class, "This replica holds " + maxPerReplica + " subscriptions");

            held.remove(0).cancel();
            hold(held, new AccountScope("333333333333", "us-east-1"), filter);
        } finally {
            held.forEach(AssertSubscriber::cancel);
        }
    }

    /** Subscribes as {@code scope}, checks it was let in, and keeps it in {@code held} to cancel at the end. */
    private void hold(List<AssertSubscriber<DataDeletionJob>> held, AccountScope scope, JobFilter filter) {
        held.add(follow(scope, filter).assertNotTerminated());
    }

    private AssertSubscriber<DataDeletionJob> follow(AccountScope scope, JobFilter filter) {
        return changes.follow(scope, filter).subscribe().withSubscriber(AssertSubscriber.create(1));
    }

    @Test
    void theSubscribersOfTheReplicaAreAGauge() {
        JobFilter filter = new JobFilter(null, Set.of(JobStatus.FAILED));
        double before = gauge();
        AssertSubscriber<DataDeletionJob> subscriber = changes.follow(SeededJobs.SCOPE, filter)
                .subscribe().withSubscriber(AssertSubscriber.create(1));
        assertEquals(before + 1, gauge());
        subscriber.cancel();
        assertEquals(before, gauge());
    }

    private static double gauge() {
        return GraphQLSubscriber.subscriptionsAt(Management.url("/q/metrics")).getAsInt();
    }

    private static DataDeletionJob job(String group) {
        return job(SeededJobs.SCOPE, group, List.of());
    }

    private static DataDeletionJob job(AccountScope scope, String group, List<Tag> tags) {
        String name = "fanout-" + UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new DataDeletionJob(scope.dataDeletionJobArn(name), scope, name, group, "s3://bucket/users.csv",
                "arn:aws:iam::000000000000:role/Deleter", tags, JobStatus.PENDING, null, null, created, created);
    }

    @Test
    void theFeedStopsBeforeTheEmbeddedStore() {
        // Both observe ShutdownEvent; the store stopping first would leave the feed reading from a store that is gone.
        Set<ObserverMethod<? super ShutdownEvent>> observers = beans.resolveObserverMethods(new ShutdownEvent());
        int feed = priorityOf(observers, DataDeletionJobChanges.class);
        int store = priorityOf(observers, EmbeddedStoreShutdown.class);
        assertTrue(feed < store, "the feed stops at " + feed + ", the embedded store at " + store);
    }

    private static int priorityOf(Set<ObserverMethod<? super ShutdownEvent>> observers, Class<?> bean) {
        return observers.stream().filter(observer -> observer.getBeanClass().equals(bean))
                .mapToInt(ObserverMethod::getPriority).findFirst()
                .orElseThrow(() -> new AssertionError(bean + " does not observe ShutdownEvent"));
    }
}
