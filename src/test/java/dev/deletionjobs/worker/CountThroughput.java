package dev.deletionjobs.worker;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A JUnit-free measurement of the worker's counting (bench/count-ids runs it): {@code generate FILE N} writes a CSV of
 * N distinct ids in scrambled order plus one repeat every tenth row; {@code count FILE SPILL_DIR} counts it as a job
 * does (UserIdCsv into DistinctIds) and prints ids per second and the process's peak resident memory. It calls
 * DistinctIds reflectively, so the same file measures the digest set of earlier revisions too.
 */
public final class CountThroughput {

    private CountThroughput() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]));
        } else if (args.length == 3 && args[0].equals("count")) {
            count(Path.of(args[1]), Path.of(args[2]));
        } else {
            System.err.println("usage: generate FILE N | count FILE SPILL_DIR");
            System.exit(2);
        }
    }

    private static void generate(Path file, long distinct) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("USER_ID\n");
            for (long i = 0; i < distinct; i++) {
                // Multiplying by an odd constant modulo 2^32 is a bijection: distinct ids, in no useful order.
                out.write("user-" + Long.toHexString((i * 0x9E3779B1L) & 0xffffffffL) + "\n");
                if (i % 10 == 9) {
                    out.write("user-" + Long.toHexString(((i / 2) * 0x9E3779B1L) & 0xffffffffL) + "\n");
                }
            }
        }
    }

    private static void count(Path file, Path spill) throws Exception {
        long lines = Files.size(file);
        long started = System.nanoTime();
        Object ids = newCounter(spill);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65536)) {
            UserIdCsv.read(in, file.toString(), (DistinctIds) ids);
        }
        long distinct = ((Number) counted(ids)).longValue();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (ids instanceof AutoCloseable closeable) {
            closeable.close();
        }
        System.out.printf("distinct=%d bytes=%d seconds=%.1f idsPerSecond=%.0f peakRssMB=%d heapMax=%dMB%n",
                distinct, lines, seconds, distinct / seconds, peakRssKb() / 1024,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static Object newCounter(Path spill) throws Exception {
        for (Constructor<?> constructor : DistinctIds.class.getDeclaredConstructors()) {
            constructor.setAccessible(true);
            if (constructor.getParameterCount() == 3) {
                long budget = Long.getLong("memoryBudget", 16L << 20);
                return constructor.newInstance(budget, spill, Long.MAX_VALUE);
            }
            if (constructor.getParameterCount() == 0) {
                return constructor.newInstance();
            }
        }
        throw new IllegalStateException("no DistinctIds constructor this measurement knows");
    }

    private static Object counted(Object ids) throws Exception {
        for (String name : new String[] { "count", "size" }) {
            try {
                var method = DistinctIds.class.getDeclaredMethod(name);
                method.setAccessible(true);
                return method.invoke(ids);
            } catch (NoSuchMethodException e) {
                // The other revision's name.
            }
        }
        throw new IllegalStateException("no count method");
    }

    /** VmHWM: the most resident memory this process has held. */
    private static long peakRssKb() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
