package dev.deletionjobs.lifecycle;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Counts distinct user ids exactly, in a heap that the memory budget bounds whatever the input: ids are kept as
 * UTF-8 bytes in one array until the budget is spent, then sorted, de-duplicated and written to a run file in the
 * spill directory; the count is taken by merging the sorted runs. A run holds each id as its bytes and a line break
 * (ids never contain one), never more than the CSV line it came from, so the spill space stays within the input size,
 * which the caller caps. Every spill file is deleted on close, whatever happened.
 */
final class DistinctIds implements AutoCloseable {

    /** The smallest read buffer of one run while merging; the budget divided by it is the most runs merged at once. */
    private static final int MERGE_BUFFER = 4096;
    private static final int MAX_FAN_IN = 512;
    private static final int MAX_ID_BYTES = UserIdCsv.MAX_ID_LENGTH * 4;

    private final long memoryBudget;
    private final Path directory;
    private final long spillLimit;
    private final int arenaCap;
    private final int indexCap;
    private final List<Path> runs = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();
    private byte[] arena = new byte[4096];
    private int arenaUsed;
    private int[] offsets = new int[1024];
    private int size;
    private long spilled;
    private long peakFootprint;

    /**
     * @param memoryBudget the bytes the in-memory ids and the merge buffers may take
     * @param directory where runs are written when the budget is spent
     * @param spillLimit the most bytes of runs on disk at once
     */
    DistinctIds(long memoryBudget, Path directory, long spillLimit) {
        this.memoryBudget = memoryBudget;
        this.directory = directory;
        this.spillLimit = spillLimit;
        // Half for the ids' bytes, a quarter each for their index and the sort's scratch copy of it, less the
        // write buffer of a run; a growth that would hold more than the budget (old and new array) spills instead.
        long usable = Math.max(64 * 1024, memoryBudget - 2L * MERGE_BUFFER);
        this.arenaCap = (int) Math.min(1L << 30, usable / 2);
        this.indexCap = (int) Math.min(1L << 28, usable / 16);
    }

    void add(String id) throws IOException {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        int needed = bytes.length + 2;
        if (arenaUsed + needed > arena.length || size == offsets.length) {
            if (!grow(needed)) {
                spill();
            }
        }
        offsets[size++] = arenaUsed;
        arena[arenaUsed] = (byte) (bytes.length >>> 8);
        arena[arenaUsed + 1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, arena, arenaUsed + 2, bytes.length);
        arenaUsed += needed;
    }

    /** The number of distinct ids added so far. */
    int count() throws IOException {
        if (runs.isEmpty()) {
            int[] sorted = sortedIndex();
            int distinct = 0;
            for (int i = 0; i < size; i++) {
                if (i == 0 || compare(sorted[i - 1], sorted[i]) != 0) {
                    distinct++;
                }
            }
            return distinct;
        }
        spill();
        release();
        int fanIn = (int) Math.max(2, Math.min(MAX_FAN_IN,
                (memoryBudget - MAX_ID_BYTES - MERGE_BUFFER) / (MERGE_BUFFER + MAX_ID_BYTES)));
        while (runs.size() > fanIn) {
            List<Path> group = new ArrayList<>(runs.subList(0, fanIn));
            runs.subList(0, fanIn).clear();
            runs.add(merge(group, newRun()));
        }
        return (int) mergeCount(runs);
    }

    /** The bytes of runs on disk now, for the bound the tests assert. */
    long spilledBytes() {
        return spilled;
    }

    int runCount() {
        return runs.size();
    }

    /** The most heap the counter's own arrays and buffers held at once, for the bound the tests assert. */
    long peakFootprintBytes() {
        return peakFootprint;
    }

    private void footprint(long bytes) {
        peakFootprint = Math.max(peakFootprint, bytes);
    }

    @Override
    public void close() {
        release();
        for (Path run : created) {
            try {
                Files.deleteIfExists(run);
            } catch (IOException e) {
                // The directory is the pod's emptyDir or a temp folder: a file left behind goes with it.
            }
        }
        created.clear();
        runs.clear();
    }

    private void release() {
        arena = new byte[0];
        offsets = new int[0];
        arenaUsed = 0;
        size = 0;
    }

    /** Grows the arrays within the budget; false when they are already at its limit. */
    private boolean grow(int needed) {
        boolean arenaFull = arenaUsed + needed > arena.length;
        boolean indexFull = size == offsets.length;
        if ((arenaFull && arena.length >= arenaCap) || (indexFull && offsets.length >= indexCap)) {
            return false;
        }
        int largerArena = arena.length;
        if (arenaFull) {
            largerArena = (int) Math.min(arenaCap, Math.max(arena.length * 2L, arenaUsed + (long) needed));
            if (arenaUsed + needed > largerArena) {
                return false;
            }
        }
        int largerIndex = indexFull ? (int) Math.min(indexCap, offsets.length * 2L) : offsets.length;
        long transientBytes = arena.length + (arenaFull ? largerArena : 0) + offsets.length * 4L
                + (indexFull ? largerIndex * 4L : 0);
        if (transientBytes > memoryBudget) {
            return false;
        }
        footprint(transientBytes);
        if (arenaFull) {
            arena = Arrays.copyOf(arena, largerArena);
        }
        if (indexFull) {
            offsets = Arrays.copyOf(offsets, largerIndex);
        }
        return true;
    }

    /** Writes the ids in memory, sorted and without repeats, as one more run, and empties memory. */
    private void spill() throws IOException {
        if (size == 0) {
            return;
        }
        int[] sorted = sortedIndex();
        Path run = newRun();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(run), MERGE_BUFFER)) {
            for (int i = 0; i < size; i++) {
                int at = sorted[i];
                if (i > 0 && compare(sorted[i - 1], at) == 0) {
                    continue;
                }
                int length = length(at);
                account(length + 1L);
                out.write(arena, at + 2, length);
                out.write('\n');
            }
        } catch (SpillFull e) {
            throw e;
        } catch (IOException e) {
            throw new SpillFailed(e);
        }
        runs.add(run);
        arenaUsed = 0;
        size = 0;
    }

    private Path newRun() throws SpillFailed {
        try {
            Files.createDirectories(directory);
            Path run = Files.createTempFile(directory, "job-ids-", ".run");
            // Remembered at once, so close() deletes it even when writing it fails half-way.
            created.add(run);
            return run;
        } catch (IOException e) {
            throw new SpillFailed(e);
        }
    }

    /** Merges sorted runs into one sorted run without repeats, deleting them. */
    private Path merge(List<Path> group, Path into) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(into), MERGE_BUFFER)) {
            mergeRuns(group, (bytes, length) -> {
                account(length + 1L);
                out.write(bytes, 0, length);
                out.write('\n');
            });
        } catch (SpillFull e) {
            throw e;
        } catch (IOException e) {
            throw new SpillFailed(e);
        }
        for (Path run : group) {
            spilled -= Files.size(run);
            Files.deleteIfExists(run);
        }
        return into;
    }

    private long mergeCount(List<Path> group) throws IOException {
        long[] distinct = new long[1];
        try {
            mergeRuns(group, (bytes, length) -> distinct[0]++);
        } catch (IOException e) {
            throw new SpillFailed(e);
        }
        return distinct[0];
    }

    private interface Sink {
        void accept(byte[] id, int length) throws IOException;
    }

    /** A k-way merge of sorted runs that passes each distinct id to the sink once. */
    private void mergeRuns(List<Path> group, Sink sink) throws IOException {
        int buffer = (int) Math.max(MERGE_BUFFER, Math.min(65536,
                (memoryBudget - MAX_ID_BYTES - MERGE_BUFFER) / group.size() - MAX_ID_BYTES));
        footprint((long) group.size() * (buffer + MAX_ID_BYTES) + MAX_ID_BYTES + MERGE_BUFFER);
        PriorityQueue<Cursor> queue = new PriorityQueue<>(group.size());
        List<Cursor> open = new ArrayList<>();
        try {
            for (Path run : group) {
                Cursor cursor = new Cursor(new BufferedInputStream(Files.newInputStream(run), buffer));
                open.add(cursor);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
            byte[] last = new byte[MAX_ID_BYTES];
            int lastLength = -1;
            while (!queue.isEmpty()) {
                Cursor head = queue.poll();
                if (lastLength < 0 || Arrays.compareUnsigned(last, 0, lastLength, head.id, 0, head.length) != 0) {
                    System.arraycopy(head.id, 0, last, 0, head.length);
                    lastLength = head.length;
                    sink.accept(last, lastLength);
                }
                if (head.advance()) {
                    queue.add(head);
                }
            }
        } finally {
            for (Cursor cursor : open) {
                cursor.input.close();
            }
        }
    }

    /** The next id of one run. */
    private static final class Cursor implements Comparable<Cursor> {
        final InputStream input;
        final byte[] id = new byte[MAX_ID_BYTES];
        int length;

        Cursor(InputStream input) {
            this.input = input;
        }

        boolean advance() throws IOException {
            length = 0;
            int b;
            while ((b = input.read()) >= 0 && b != '\n') {
                id[length++] = (byte) b;
            }
            return b >= 0;
        }

        @Override
        public int compareTo(Cursor other) {
            return Arrays.compareUnsigned(id, 0, length, other.id, 0, other.length);
        }
    }

    private void account(long bytes) throws SpillFull {
        spilled += bytes;
        if (spilled > spillLimit) {
            throw new SpillFull();
        }
    }

    private int length(int at) {
        return ((arena[at] & 0xff) << 8) | (arena[at + 1] & 0xff);
    }

    private int compare(int a, int b) {
        return Arrays.compareUnsigned(arena, a + 2, a + 2 + length(a), arena, b + 2, b + 2 + length(b));
    }

    /** The offsets of the ids in memory, in byte order: a merge sort, O(n log n) whatever the input. */
    private int[] sortedIndex() {
        // In place in the index, with one scratch array: the budget's last quarter.
        int[] index = offsets;
        int[] scratch = new int[size];
        footprint(arena.length + offsets.length * 4L + scratch.length * 4L + MERGE_BUFFER);
        for (int width = 1; width < size; width *= 2) {
            for (int from = 0; from < size; from += 2 * width) {
                int middle = Math.min(from + width, size);
                int to = Math.min(from + 2 * width, size);
                int left = from;
                int right = middle;
                for (int k = from; k < to; k++) {
                    if (left < middle && (right >= to || compare(index[left], index[right]) <= 0)) {
                        scratch[k] = index[left++];
                    } else {
                        scratch[k] = index[right++];
                    }
                }
            }
            int[] swap = index;
            index = scratch;
            scratch = swap;
        }
        return index;
    }

    /** The spill would exceed its limit (the job's max input size). */
    static final class SpillFull extends IOException {
        SpillFull() {
            super("spill limit reached", null);
        }
    }

    /** The spill directory failed (full, missing, read-only); not the job's input's fault. */
    static final class SpillFailed extends IOException {
        SpillFailed(IOException cause) {
            super("spill directory failed", cause);
        }
    }
}
