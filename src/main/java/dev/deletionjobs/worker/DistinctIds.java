package dev.deletionjobs.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Counts distinct user ids exactly, in a heap that the memory budget bounds whatever the input. Ids are kept as
 * UTF-8 bytes in one array, each with a sort key (a seeded hash of the id above its offset) in another; when the
 * budget is spent, the keys are sorted (ids with the same hash by their bytes), repeats dropped, and the ids written
 * in that order to a run file in the spill directory. The count is taken by merging the runs in the same order.
 * Hashes only order the ids: equality is always decided on the bytes, so the count is exact. A run holds each id as
 * its bytes and a line break (ids never contain one), never more than the CSV line it came from, so the spill stays
 * within the input size, which the caller caps. Every spill file is deleted on close, whatever happened.
 */
final class DistinctIds implements AutoCloseable {

    /** The read and write buffer of one run; the budget divided by it is about the most runs merged at once. */
    private static final int RUN_BUFFER = 4096;
    private static final int MAX_FAN_IN = 512;
    private static final int MAX_ID_BYTES = UserIdCsv.MAX_ID_LENGTH * 4;
    /** Groups of ids with one hash up to this size are put in byte order by insertion, larger ones by heapsort. */
    private static final int SMALL_GROUP = 12;

    private final long memoryBudget;
    private final Path directory;
    private final long spillLimit;
    private final int arenaCap;
    private final int keysCap;
    private final int offsetBits;
    private final long offsetMask;
    /** Seeded per counter, so no input can be crafted to make ids share hashes and slow the sort. */
    private final long seed = new SecureRandom().nextLong();
    private final long hashMask;
    private final List<Path> runs = new ArrayList<>();
    private final List<Path> created = new ArrayList<>();
    private byte[] arena = new byte[4096];
    private int arenaUsed;
    private long[] keys = new long[512];
    private int size;
    private long spilled;
    private long peakFootprint;

    /**
     * @param memoryBudget the bytes the in-memory ids and the merge buffers may take
     * @param directory where runs are written when the budget is spent
     * @param spillLimit the most bytes of runs on disk at once
     */
    DistinctIds(long memoryBudget, Path directory, long spillLimit) {
        this(memoryBudget, directory, spillLimit, -1L);
    }

    /** A counter whose hashes keep only the bits of {@code hashMask}: tests make many ids share one with it. */
    DistinctIds(long memoryBudget, Path directory, long spillLimit, long hashMask) {
        this.hashMask = hashMask;
        this.memoryBudget = memoryBudget;
        this.directory = directory;
        this.spillLimit = spillLimit;
        // Half for the ids' bytes, half for their keys, less a run's write buffer; a growth that would hold more
        // than the budget (old and new array together) spills instead.
        long usable = Math.max(64 * 1024, memoryBudget - RUN_BUFFER);
        this.arenaCap = (int) Math.min(1L << 30, usable / 2);
        this.keysCap = (int) Math.min(1L << 27, usable / 16);
        this.offsetBits = 64 - Long.numberOfLeadingZeros(arenaCap);
        this.offsetMask = (1L << offsetBits) - 1;
    }

    void add(String id) throws IOException {
        byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
        int needed = bytes.length + 2;
        if ((arenaUsed + needed > arena.length || size == keys.length) && !grow(needed)) {
            spill();
        }
        int at = arenaUsed;
        arena[at] = (byte) (bytes.length >>> 8);
        arena[at + 1] = (byte) bytes.length;
        System.arraycopy(bytes, 0, arena, at + 2, bytes.length);
        arenaUsed += needed;
        keys[size++] = (hash(arena, at + 2, bytes.length) << offsetBits) | at;
    }

    /** The number of distinct ids added so far (past an int's range only for inputs of more than 4 GB). */
    long count() throws IOException {
        if (runs.isEmpty()) {
            sortKeys();
            int distinct = 0;
            for (int i = 0; i < size; i++) {
                if (i == 0 || !sameId(keys[i - 1], keys[i])) {
                    distinct++;
                }
            }
            return distinct;
        }
        spill();
        release();
        int fanIn = (int) Math.max(2, Math.min(MAX_FAN_IN,
                (memoryBudget - MAX_ID_BYTES - RUN_BUFFER) / (RUN_BUFFER + MAX_ID_BYTES)));
        while (runs.size() > fanIn) {
            List<Path> group = new ArrayList<>(runs.subList(0, fanIn));
            runs.subList(0, fanIn).clear();
            runs.add(merge(group, newRun()));
        }
        return mergeCount(runs);
    }

    /** The bytes of runs on disk now, for the bound the tests assert. */
    long spilledBytes() {
        return spilled;
    }

    int runCount() {
        return runs.size();
    }

    /** The most heap the counter's own arrays and buffers held at once: within the budget, whatever the input. */
    long peakFootprintBytes() {
        return peakFootprint;
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

    private void footprint(long bytes) {
        peakFootprint = Math.max(peakFootprint, bytes);
    }

    private void release() {
        arena = new byte[0];
        keys = new long[0];
        arenaUsed = 0;
        size = 0;
    }

    /** Grows the arrays within the budget; false when they are already at its limit. */
    private boolean grow(int needed) {
        boolean arenaFull = arenaUsed + needed > arena.length;
        boolean keysFull = size == keys.length;
        int largerArena = arena.length;
        if (arenaFull) {
            largerArena = (int) Math.min(arenaCap, Math.max(arena.length * 2L, arenaUsed + (long) needed));
            if (arenaUsed + needed > largerArena) {
                return false;
            }
        }
        int largerKeys = keysFull ? (int) Math.min(keysCap, keys.length * 2L) : keys.length;
        if (keysFull && largerKeys == keys.length) {
            return false;
        }
        long transientBytes = arena.length + (arenaFull ? largerArena : 0) + keys.length * 8L
                + (keysFull ? largerKeys * 8L : 0);
        if (transientBytes > memoryBudget) {
            return false;
        }
        footprint(transientBytes);
        if (arenaFull) {
            arena = Arrays.copyOf(arena, largerArena);
        }
        if (keysFull) {
            keys = Arrays.copyOf(keys, largerKeys);
        }
        return true;
    }

    /** Writes the ids in memory, in run order and without repeats, as one more run, and empties memory. */
    private void spill() throws IOException {
        if (size == 0) {
            return;
        }
        sortKeys();
        Path run = newRun();
        try (RunWriter out = new RunWriter(run)) {
            for (int i = 0; i < size; i++) {
                if (i > 0 && sameId(keys[i - 1], keys[i])) {
                    continue;
                }
                int at = (int) (keys[i] & offsetMask);
                out.write(arena, at + 2, length(at));
            }
        }
        runs.add(run);
        arenaUsed = 0;
        size = 0;
    }

    private Path newRun() throws SpillFailed {
        try {
            // Not made here: the replica's folder is made, locked and swept by SpillFolder, and one that vanished
            // fails the job rather than coming back unlocked.
            Path run = Files.createTempFile(directory, "job-ids-", ".run");
            // Remembered at once, so close() deletes it even when writing it fails half-way.
            created.add(run);
            return run;
        } catch (IOException e) {
            throw new SpillFailed(e);
        }
    }

    /** Merges runs into one run without repeats, deleting them. */
    private Path merge(List<Path> group, Path into) throws IOException {
        try (RunWriter out = new RunWriter(into)) {
            mergeRuns(group, out::write);
        }
        try {
            for (Path run : group) {
                spilled -= Files.size(run);
                Files.delete(run);
            }
        } catch (IOException e) {
            throw new SpillFailed(e);
        }
        return into;
    }

    private long mergeCount(List<Path> group) throws IOException {
        long[] distinct = new long[1];
        mergeRuns(group, (bytes, from, length) -> distinct[0]++);
        return distinct[0];
    }

    private interface Sink {
        void accept(byte[] id, int from, int length) throws IOException;
    }

    /** A k-way merge of runs that passes each distinct id to the sink once. */
    private void mergeRuns(List<Path> group, Sink sink) throws IOException {
        int buffer = (int) Math.max(RUN_BUFFER, Math.min(65536,
                (memoryBudget - MAX_ID_BYTES - RUN_BUFFER) / group.size() - MAX_ID_BYTES));
        footprint((long) group.size() * (buffer + MAX_ID_BYTES) + MAX_ID_BYTES + RUN_BUFFER);
        PriorityQueue<Cursor> queue = new PriorityQueue<>(group.size());
        List<Cursor> open = new ArrayList<>();
        try {
            for (Path run : group) {
                Cursor cursor = new Cursor(Files.newInputStream(run), buffer);
                open.add(cursor);
                if (cursor.advance()) {
                    queue.add(cursor);
                }
            }
            byte[] last = new byte[MAX_ID_BYTES];
            int lastLength = -1;
            while (!queue.isEmpty()) {
                Cursor head = queue.poll();
                // Equal ids share a hash, so a repeat always follows the id it repeats.
                if (lastLength < 0 || Arrays.compareUnsigned(last, 0, lastLength, head.id, 0, head.length) != 0) {
                    System.arraycopy(head.id, 0, last, 0, head.length);
                    lastLength = head.length;
                    sink.accept(last, 0, lastLength);
                }
                if (head.advance()) {
                    queue.add(head);
                }
            }
        } catch (SpillFull e) {
            throw e;
        } catch (IOException e) {
            throw new SpillFailed(e);
        } finally {
            for (Cursor cursor : open) {
                cursor.input.close();
            }
        }
    }

    /** The next id of one run, read through a buffer of its own, with its hash for the merge order. */
    private final class Cursor implements Comparable<Cursor> {
        final InputStream input;
        final byte[] buffer;
        final byte[] id = new byte[MAX_ID_BYTES];
        int position;
        int limit;
        int length;
        long hash;

        Cursor(InputStream input, int bufferSize) {
            this.input = input;
            this.buffer = new byte[bufferSize];
        }

        boolean advance() throws IOException {
            length = 0;
            while (true) {
                if (position == limit) {
                    limit = input.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return false;
                    }
                }
                int end = position;
                while (end < limit && buffer[end] != '\n') {
                    end++;
                }
                int chunk = end - position;
                System.arraycopy(buffer, position, id, length, chunk);
                length += chunk;
                position = end;
                if (end < limit) {
                    position++;
                    hash = hash(id, 0, length);
                    return true;
                }
            }
        }

        @Override
        public int compareTo(Cursor other) {
            int byHash = Long.compare(hash, other.hash);
            return byHash != 0 ? byHash : Arrays.compareUnsigned(id, 0, length, other.id, 0, other.length);
        }
    }

    /** Writes ids, each followed by a line break, and counts them against the spill limit. */
    private final class RunWriter implements AutoCloseable {
        private final OutputStream out;
        private final byte[] buffer = new byte[RUN_BUFFER];
        private int used;

        RunWriter(Path run) throws SpillFailed {
            try {
                this.out = Files.newOutputStream(run);
            } catch (IOException e) {
                throw new SpillFailed(e);
            }
        }

        void write(byte[] bytes, int from, int length) throws IOException {
            spilled += length + 1;
            if (spilled > spillLimit) {
                throw new SpillFull();
            }
            if (used + length + 1 > buffer.length) {
                flush();
            }
            System.arraycopy(bytes, from, buffer, used, length);
            used += length;
            buffer[used++] = '\n';
        }

        private void flush() throws SpillFailed {
            try {
                out.write(buffer, 0, used);
            } catch (IOException e) {
                throw new SpillFailed(e);
            }
            used = 0;
        }

        @Override
        public void close() throws IOException {
            try (out) {
                flush();
            } catch (IOException e) {
                throw e instanceof SpillFailed ? e : new SpillFailed(e);
            }
        }
    }

    /** The id's seeded 64-bit hash, shifted so that a key (hash above offset) is never negative. */
    private long hash(byte[] bytes, int from, int length) {
        long h = seed;
        for (int i = from; i < from + length; i++) {
            h = (h ^ (bytes[i] & 0xff)) * 0x100000001b3L;
        }
        // MurmurHash3's finaliser: every input bit reaches the top bits, which are the ones the key keeps.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> (offsetBits + 1)) & hashMask;
    }

    private int length(int at) {
        return ((arena[at] & 0xff) << 8) | (arena[at + 1] & 0xff);
    }

    private boolean sameId(long a, long b) {
        return (a >>> offsetBits) == (b >>> offsetBits) && compareIds(a, b) == 0;
    }

    private int compareIds(long a, long b) {
        int x = (int) (a & offsetMask);
        int y = (int) (b & offsetMask);
        return Arrays.compareUnsigned(arena, x + 2, x + 2 + length(x), arena, y + 2, y + 2 + length(y));
    }

    /** Puts the keys in run order: by hash (a primitive sort, in place), and ids of one hash by their bytes. */
    private void sortKeys() {
        footprint(arena.length + keys.length * 8L + RUN_BUFFER);
        Arrays.sort(keys, 0, size);
        int from = 0;
        while (from < size) {
            long hash = keys[from] >>> offsetBits;
            int to = from + 1;
            while (to < size && keys[to] >>> offsetBits == hash) {
                to++;
            }
            if (to - from > 1) {
                sortByBytes(from, to);
            }
            from = to;
        }
    }

    private void sortByBytes(int from, int to) {
        if (to - from <= SMALL_GROUP) {
            for (int i = from + 1; i < to; i++) {
                long key = keys[i];
                int j = i - 1;
                while (j >= from && compareIds(keys[j], key) > 0) {
                    keys[j + 1] = keys[j];
                    j--;
                }
                keys[j + 1] = key;
            }
            return;
        }
        // A heapsort: in place and O(n log n) even for a group as large as the whole run.
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            long top = keys[from];
            keys[from] = keys[from + end];
            keys[from + end] = top;
            siftDown(from, 0, end);
        }
    }

    private void siftDown(int base, int node, int n) {
        while (true) {
            int child = 2 * node + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && compareIds(keys[base + child + 1], keys[base + child]) > 0) {
                child++;
            }
            if (compareIds(keys[base + node], keys[base + child]) >= 0) {
                return;
            }
            long swap = keys[base + node];
            keys[base + node] = keys[base + child];
            keys[base + child] = swap;
            node = child;
        }
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
