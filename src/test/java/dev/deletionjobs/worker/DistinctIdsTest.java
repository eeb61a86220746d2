package dev.deletionjobs.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Exact distinct counts in a heap the budget bounds, the rest spilled to sorted runs that are always deleted. */
class DistinctIdsTest {

    private static final long ONE_MB = 1L << 20;

    @TempDir
    Path spill;

    @Test
    @Timeout(120)
    void twoMillionDistinctIdsAreCountedExactlyInOneMegabyte() throws Exception {
        long inputBytes = 0;
        try (DistinctIds ids = new DistinctIds(ONE_MB, spill, 1L << 30)) {
            for (int i = 0; i < 2_000_000; i++) {
                String id = "user-" + i;
                ids.add(id);
                inputBytes += id.length() + 1;
                if (i % 3 == 0) {
                    // Repeats, near and far: the same id in one run and across runs.
                    ids.add(id);
                    ids.add("user-" + (i / 2));
                    inputBytes += id.length() + ("user-" + (i / 2)).length() + 2;
                }
            }
            assertTrue(ids.peakFootprintBytes() <= ONE_MB, "peak " + ids.peakFootprintBytes());
            assertEquals(2_000_000, ids.count());
            assertTrue(ids.spilledBytes() <= inputBytes, "spilled " + ids.spilledBytes() + " of " + inputBytes);
            assertTrue(files() > 10, "it spilled to runs");
        }
        assertEquals(0, files(), "every run is deleted on close");
    }

    @Test
    void manyRunsAreMergedInSeveralPasses() throws Exception {
        // 64 KB merges at most a dozen runs at once; 300,000 ids make far more than that.
        try (DistinctIds ids = new DistinctIds(64 * 1024, spill, 1L << 30)) {
            for (int i = 0; i < 300_000; i++) {
                ids.add(Integer.toHexString(i * 7919));
                ids.add(Integer.toHexString(i * 7919));
            }
            assertTrue(ids.runCount() > 12, "runs " + ids.runCount());
            assertEquals(300_000, ids.count());
        }
        assertEquals(0, files());
    }

    @Test
    void idsThatShareAHashAreStillToldApartByTheirBytes() throws Exception {
        // 16 hashes for 60,000 ids: large groups (heapsort), in memory and across spilled runs.
        try (DistinctIds ids = new DistinctIds(256 * 1024, spill, 1L << 30, 0xF)) {
            for (int i = 0; i < 60_000; i++) {
                ids.add("id-" + (i * 31 % 60_000));
                ids.add("id-" + (i % 997));
            }
            assertTrue(ids.runCount() > 1, "runs " + ids.runCount());
            assertEquals(60_000, ids.count());
        }
        // One hash for all, few enough for the insertion sort.
        try (DistinctIds ids = new DistinctIds(1 << 20, spill, 0, 0)) {
            for (String id : new String[] { "c", "a", "b", "a", "c", "d", "b", "e", "a" }) {
                ids.add(id);
            }
            assertEquals(5, ids.count());
        }
        assertEquals(0, files());
    }

    @Test
    void inMemoryCountsNeedNoSpill() throws Exception {
        try (DistinctIds ids = new DistinctIds(ONE_MB, spill, ONE_MB)) {
            for (String id : new String[] { "b", "a", "b", "é", "a\"b", "A", "a" }) {
                ids.add(id);
            }
            assertEquals(5, ids.count());
            assertEquals(0, files());
        }
    }

    @Test
    void aSpillBeyondItsLimitFailsAndLeavesNothing() throws Exception {
        try (DistinctIds ids = new DistinctIds(64 * 1024, spill, 100_000)) {
            assertThrows(DistinctIds.SpillFull.class, () -> {
                for (int i = 0; i < 100_000; i++) {
                    ids.add("someone-" + i);
                }
                ids.count();
            });
        }
        assertEquals(0, files());
    }

    private long files() throws IOException {
        try (Stream<Path> list = Files.list(spill)) {
            return list.count();
        }
    }
}
