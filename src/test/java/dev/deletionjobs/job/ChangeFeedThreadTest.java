package dev.deletionjobs.job;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.deletionjobs.job.JobChangeFeed.Listener;

/** Closing the feed returns once its session has ended, so whatever closes the store next finds no reader. */
class ChangeFeedThreadTest {

    @Test
    void closeReturnsOnceTheSessionHasEnded() throws Exception {
        CountDownLatch following = new CountDownLatch(1);
        AtomicBoolean ended = new AtomicBoolean();
        ChangeFeedThread feed = ChangeFeedThread.start("test-feed", new QuietListener(), (onFollowing, open) -> {
            onFollowing.run();
            following.countDown();
            try {
                // A store's poll: it notices the close only at the end of its interval, interrupted or not.
                while (open.getAsBoolean()) {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            } finally {
                ended.set(true);
            }
        });
        assertTrue(following.await(10, TimeUnit.SECONDS));

        feed.close();

        assertTrue(ended.get(), "close returned while the session was still reading");
    }

    private static final class QuietListener implements Listener {
        @Override
        public boolean wantsChanges() {
            return false;
        }

        @Override
        public void following() {
        }

        @Override
        public void changed(DataDeletionJob job) {
        }

        @Override
        public void interrupted(Exception failure) {
        }
    }
}
