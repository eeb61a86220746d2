package dev.deletionjobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.ObserverMethod;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.deletionjobs.error.LimitExceededException;
import dev.deletionjobs.job.AccountScope;
import dev.deletionjobs.job.DataDeletionJob;
import dev.deletionjobs.job.JobFilter;
import dev.deletionjobs.job.JobStatus;
import dev.deletionjobs.job.StoreUnavailableException;
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
    void theSubscriberFurthestBehindIsEndedWhenItsAccountsShareIsFullNotOneThatKeepsUp() {
        AccountScope tenant = new AccountScope("444444444444", "us-east-1");
        AccountScope neighbour = new AccountScope("555555555555", "us-east-1");
        String slowGroup = "arn:aws:personalize:us-east-1:444444444444:dataset-group/slow-" + UUID.randomUUID();
        String steadyGroup = "arn:aws:personalize:us-east-1:444444444444:dataset-group/steady-" + UUID.randomUUID();
        AssertSubscriber<DataDeletionJob> slow = changes.follow(tenant, new JobFilter(slowGroup, Set.of()))
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        // As a WebSocket asks: one change at a time, none while it writes the last.
        AssertSubscriber<DataDeletionJob> steady = changes.follow(tenant, new JobFilter(steadyGroup, Set.of()))
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<DataDeletionJob> keepingUp = changes.follow(tenant, new JobFilter(null, Set.of()))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        AssertSubscriber<DataDeletionJob> neighbourBehind = changes.follow(neighbour, new JobFilter(null, Set.of()))
                .subscribe().withSubscriber(AssertSubscriber.create(0));
        try {
            changes.changed(job(neighbour, slowGroup, List.of()));
            long neighbourWaiting = changes.waitingBytes(neighbour.accountId());
            assertTrue(neighbourWaiting > 0);
            // Jobs with 200 tags at their longest in ASCII, some 177 KB each: far fewer than buffer-size fill the
            // account's share of 32 MiB over the 10 accounts the replica's places hold.
            long share = 32L * 1024 * 1024 * maxPerAccount / maxPerReplica;
            long bytes = DataDeletionJobChanges.heapBytes(tagged(tenant, slowGroup));
            long fit = share / bytes;
            for (int i = 0; i < fit; i++) {
                changes.changed(tagged(tenant, slowGroup));
            }
            slow.assertNotTerminated();
            assertEquals(fit * bytes, changes.waitingBytes(tenant.accountId()),
                    "what waits for the slow subscriber; the one keeping up took each change at once");

            // The steady subscriber must hold this one a moment: the slow one makes room.
            DataDeletionJob steadyChange = tagged(tenant, steadyGroup);
            changes.changed(steadyChange);
            slow.assertFailedWith(LimitExceededException.class, "The subscriber fell furthest behind of its account,"
                    + " whose share of the changes a replica holds waiting (" + share + " bytes) was full");
            steady.assertNotTerminated();
            assertEquals(DataDeletionJobChanges.heapBytes(steadyChange), changes.waitingBytes(tenant.accountId()),
                    "an ended subscriber's changes are let go");
            steady.request(1);
            assertEquals(1, steady.getItems().size());
            assertEquals(0, changes.waitingBytes(tenant.accountId()), "a change taken is let go");
            assertEquals(fit + 1, keepingUp.getItems().size(), "a subscriber that keeps up gets every change");
            neighbourBehind.assertNotTerminated();
            assertEquals(neighbourWaiting, changes.waitingBytes(neighbour.accountId()), "no neighbour pays for it");
        } finally {
            steady.cancel();
            keepingUp.cancel();
            neighbourBehind.cancel();
        }
    }

    @Test
    void theChangesWaitingInTheReplicaAreBoundedAcrossAccounts() {
        long replica = 32L * 1024 * 1024;
        long bytes = DataDeletionJobChanges.heapBytes(tagged(SeededJobs.SCOPE, null));
        long fit = replica * maxPerAccount / maxPerReplica / bytes;
        int fullAccounts = maxPerReplica / maxPerAccount;
        List<AccountScope> tenants = IntStream.rangeClosed(0, fullAccounts)
                .mapToObj(account -> new AccountScope(String.format("6%011d", account), "us-east-1")).toList();
        List<AssertSubscriber<DataDeletionJob>> slow = tenants.stream().map(tenant -> changes.follow(tenant,
                new JobFilter(null, Set.of())).subscribe().withSubscriber(AssertSubscriber.<DataDeletionJob> create(0)))
                .toList();
        try {
            for (AccountScope tenant : tenants.subList(0, fullAccounts)) {
                for (int i = 0; i < fit; i++) {
                    changes.changed(tagged(tenant, null));
                }
            }
            slow.forEach(AssertSubscriber::assertNotTerminated);
            // Each account within its share; one more account's changes take the replica past its bytes.
            AccountScope last = tenants.get(fullAccounts);
            while (slow.stream().allMatch(subscriber -> subscriber.getFailure() == null)) {
                changes.changed(tagged(last, null));
                assertTrue(changes.waitingBytes() <= replica, () -> "the replica holds " + changes.waitingBytes());
            }
            List<AssertSubscriber<DataDeletionJob>> ended = slow.stream()
                    .filter(subscriber -> subscriber.getFailure() != null).toList();
            assertEquals(1, ended.size(), "the subscriber furthest behind, one of those holding a full share");
            ended.get(0).assertFailedWith(LimitExceededException.class, "The subscriber fell furthest behind when"
                    + " the replica held all the changes it holds waiting (" + replica + " bytes)");
            slow.get(fullAccounts).assertNotTerminated();
        } finally {
            slow.forEach(AssertSubscriber::cancel);
        }
        assertTrue(changes.waitingBytes() < bytes, "every subscriber gone: " + changes.waitingBytes());
    }

    /** A job with 200 tags at their longest in ASCII. */
    private static DataDeletionJob tagged(AccountScope scope, String group) {
        return job(scope, group == null ? "arn:aws:personalize:us-east-1:" + scope.accountId() + ":dataset-group/g"
                : group,
                IntStream.range(0, 200)
                        .mapToObj(t -> new Tag(String.format("%03d", t) + "k".repeat(125), "v".repeat(256))).toList());
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
    @Timeout(120)
    void aSubscriberThatArrivesAsTheFeedIsInterruptedIsEndedOrRefusedNeverLeftOnPastTheGap() throws Exception {
        JobFilter filter = new JobFilter(null, Set.of(JobStatus.FAILED));
        ExecutorService interrupter = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 5_000; i++) {
                CyclicBarrier together = new CyclicBarrier(2);
                Future<?> interruption = interrupter.submit(() -> {
                    together.await();
                    changes.interrupted(new IllegalStateException("the feed's connection dropped (the test)"));
                    return null;
                });
                together.await();
                AssertSubscriber<DataDeletionJob> subscriber = changes.follow(SeededJobs.SCOPE, filter)
                        .subscribe().withSubscriber(AssertSubscriber.create(1));
                interruption.get();
                // Let in before the interruption and failed by it, or refused after it: never let in and kept.
                subscriber.assertFailedWith(StoreUnavailableException.class);
                changes.following();
            }
        } finally {
            changes.following();
            interrupter.shutdownNow();
        }
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
