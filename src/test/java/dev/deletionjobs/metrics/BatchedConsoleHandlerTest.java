package dev.deletionjobs.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.stream.IntStream;

import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The batched console writes every line once, in order, whole: a write is whole lines of at most 4 KiB (a line longer
 * than that alone), INFO lines wait for a full batch or the interval, a WARN goes out at once with the lines before it.
 */
class BatchedConsoleHandlerTest {

    private static final Duration NEVER = Duration.ofHours(1);

    /** Each write the handler makes, as it made it. */
    private final List<String> writes = new CopyOnWriteArrayList<>();
    private final PrintStream out = new PrintStream(new OutputStream() {
        @Override
        public void write(int b) {
            writes.add(String.valueOf((char) b));
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            writes.add(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }, false, StandardCharsets.UTF_8);
    private final ConsoleHandler console = new ConsoleHandler(new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getMessage() + "\n";
        }
    });
    private BatchedConsoleHandler handler;

    @AfterEach
    void close() {
        if (handler != null) {
            handler.close();
        }
    }

    @Test
    void linesWaitUntilTheNextWouldOverfillABatch() {
        handler = new BatchedConsoleHandler(console, out, NEVER);
        List<String> lines = IntStream.range(0, 100).mapToObj(i -> line(i, 100)).toList();
        lines.forEach(line -> info(line));
        // 40 lines of 100 bytes fill 4,000 of 4,096: two batches written, twenty lines waiting.
        assertEquals(2, writes.size());
        assertEquals(String.join("", lines.subList(0, 40)), writes.get(0));
        assertEquals(String.join("", lines.subList(40, 80)), writes.get(1));
        handler.flush();
        assertEquals(List.of(String.join("", lines.subList(0, 40)), String.join("", lines.subList(40, 80)),
                String.join("", lines.subList(80, 100))), writes);
    }

    @Test
    void aWarningGoesOutAtOnceAfterTheLinesBeforeIt() {
        handler = new BatchedConsoleHandler(console, out, NEVER);
        info("one\n");
        info("two\n");
        assertEquals(List.of(), writes);
        publish(Level.WARN, "three");
        assertEquals(List.of("one\ntwo\nthree\n"), writes);
        info("four\n");
        publish(Level.ERROR, "five");
        assertEquals(List.of("one\ntwo\nthree\n", "four\nfive\n"), writes);
    }

    @Test
    void aLineLongerThanABatchGoesOutAlone() {
        handler = new BatchedConsoleHandler(console, out, NEVER);
        String longLine = line(0, 10_000);
        info("before\n");
        info(longLine);
        info("after\n");
        handler.flush();
        assertEquals(List.of("before\n", longLine, "after\n"), writes);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theIntervalWritesWhatWaits() throws InterruptedException {
        handler = new BatchedConsoleHandler(console, out, Duration.ofMillis(20));
        info("waiting\n");
        while (writes.isEmpty()) {
            Thread.sleep(5);
        }
        assertEquals(List.of("waiting\n"), writes);
    }

    @Test
    void onceClosedEveryLineGoesOutAtOnce() {
        handler = new BatchedConsoleHandler(console, out, NEVER);
        info("waiting\n");
        handler.close();
        assertEquals(List.of("waiting\n"), writes);
        info("after the stop\n");
        assertEquals(List.of("waiting\n", "after the stop\n"), writes);
    }

    @Test
    void levelAndFilterAreTheConsoles() {
        console.setLevel(Level.INFO);
        console.setFilter(record -> !record.getMessage().contains("dropped"));
        handler = new BatchedConsoleHandler(console, out, NEVER);
        publish(Level.DEBUG, "too fine");
        info("dropped\n");
        info("kept\n");
        handler.flush();
        assertEquals(List.of("kept\n"), writes);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void linesOfManyThreadsComeOutWholeAndInTheirOrder() throws InterruptedException {
        handler = new BatchedConsoleHandler(console, out, Duration.ofMillis(1));
        int threads = 8;
        int each = 2_000;
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    info("thread " + thread + " line " + i + " " + "x".repeat(i % 300) + "\n");
                }
            });
            writer.start();
            started.add(writer);
        }
        for (Thread thread : started) {
            thread.join();
        }
        handler.flush();
        int[] next = new int[threads];
        for (String write : writes) {
            assertTrue(write.length() <= BatchedConsoleHandler.BATCH && write.endsWith("\n"), write);
            for (String line : write.substring(0, write.length() - 1).split("\n", -1)) {
                String[] words = line.split(" ");
                int thread = Integer.parseInt(words[1]);
                assertEquals(next[thread]++, Integer.parseInt(words[3]), line);
                assertEquals("x".repeat(Integer.parseInt(words[3]) % 300), words.length > 4 ? words[4] : "", line);
            }
        }
        for (int t = 0; t < threads; t++) {
            assertEquals(each, next[t], "thread " + t);
        }
    }

    private static String line(int number, int bytes) {
        String start = "line " + number + " ";
        return start + "x".repeat(bytes - start.length() - 1) + "\n";
    }

    /** An INFO line; {@code text} ends with its line end, which the test formatter adds. */
    private void info(String text) {
        publish(Level.INFO, text.substring(0, text.length() - 1));
    }

    private void publish(java.util.logging.Level level, String message) {
        handler.publish(new ExtLogRecord(level, message, ExtLogRecord.FormatStyle.NO_FORMAT,
                BatchedConsoleHandlerTest.class.getName()));
    }
}
