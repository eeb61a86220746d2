package dev.deletionjobs.awsjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.deletionjobs.error.TooManyTagsException;

class AwsJsonCodecTest {

    private final AwsJsonCodec codec = new AwsJsonCodec();

    @Test
    void timestampsAreEpochSecondsWithMillisecondFractions() {
        assertEquals("{\"dataDeletionJobArn\":\"a\",\"creationDateTime\":1714675200.123}", write(
                new Shapes.DataDeletionJobSummary("a", null, null, null, Instant.parse("2024-05-02T18:40:00.123Z"),
                        null, null)));
        assertEquals("{\"creationDateTime\":1714675200.000}", write(
                new Shapes.DataDeletionJobSummary(null, null, null, null, Instant.parse("2024-05-02T18:40:00Z"),
                        null, null)));
    }

    @Test
    void timestampsHaveTheDigitsOfTheirDecimalValueBeforeTheEpochToo() {
        Random random = new Random(20261130);
        LongStream.concat(LongStream.of(0, 1, -1, 10, -10, 999, -999, 1000, -1000, -1500, 1714675200123L,
                -62135596800000L, Long.MAX_VALUE, Long.MIN_VALUE), random.longs(1000)).forEach(millis -> {
                    String expected = "{\"creationDateTime\":" + BigDecimal.valueOf(millis, 3).toPlainString() + "}";
                    assertEquals(expected, write(new Shapes.DataDeletionJobSummary(null, null, null, null,
                            Instant.ofEpochMilli(millis), null, null)), "millis " + millis);
                });
    }

    /**
     * A page's summaries are written member by member; they are the bytes Jackson's bean serializer wrote from the
     * record: the same members in the same order, absent ones left out, every string escaped the same way.
     */
    @Test
    void summariesAreTheBytesTheBeanSerializerWrote() throws Exception {
        ObjectMapper beans = JsonMapper.builder().addModule(new SimpleModule().addSerializer(Instant.class,
                new StdSerializer<Instant>(Instant.class) {
                    @Override
                    public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider)
                            throws IOException {
                        generator.writeNumber(BigDecimal.valueOf(value.toEpochMilli(), 3).toPlainString());
                    }
                })).build();
        String[] strings = { "arn:aws:personalize:us-east-1:000000000000:data-deletion-job/a", "",
                "quote \" backslash \\ slash / tab \t nul \u0000 del \u007f", "\u2028\u2029 \ud83d\ude00 é 日本",
                "\ud800 a lone surrogate" };
        Instant[] instants = { Instant.parse("2024-05-02T18:40:00.123Z"), Instant.EPOCH, Instant.ofEpochMilli(-1) };
        List<Shapes.DataDeletionJobSummary> summaries = new ArrayList<>();
        // Every member present or absent (2^7), each present one a different value.
        for (int present = 0; present < 1 << 7; present++) {
            int p = present;
            IntFunction<String> string = i -> (p & 1 << i) == 0 ? null : strings[(p + i) % strings.length];
            IntFunction<Instant> instant = i -> (p & 1 << i) == 0 ? null : instants[(p + i) % instants.length];
            summaries.add(new Shapes.DataDeletionJobSummary(string.apply(0), string.apply(1), string.apply(2),
                    string.apply(3), instant.apply(4), instant.apply(5), string.apply(6)));
        }
        for (Shapes.DataDeletionJobSummary summary : summaries) {
            assertEquals(new String(beans.writeValueAsBytes(summary), StandardCharsets.UTF_8), write(summary));
        }
        for (String nextToken : Arrays.asList(null, "token")) {
            Shapes.ListDataDeletionJobsResponse page = new Shapes.ListDataDeletionJobsResponse(summaries, nextToken);
            assertEquals(new String(beans.writeValueAsBytes(page), StandardCharsets.UTF_8), write(page));
        }
    }

    @Test
    void absentMembersAreLeftOut() {
        assertEquals("{\"dataDeletionJobs\":[]}",
                write(new Shapes.ListDataDeletionJobsResponse(List.of(), null)));
    }

    @Test
    void emptyBodyReadsAsEmptyObject() {
        assertEquals(new Shapes.ListDataDeletionJobsRequest(null, null, null),
                codec.read(new byte[0], Shapes.ListDataDeletionJobsRequest.class));
    }

    @Test
    void numbersAreNotCoercedToStrings() {
        assertEquals("The value at 'jobName' has the wrong JSON type for that member.",
                assertThrows(SerializationException.class, () -> codec.read(
                        "{\"jobName\": 12}".getBytes(StandardCharsets.UTF_8),
                        Shapes.CreateDataDeletionJobRequest.class)).getMessage());
        assertThrows(SerializationException.class, () -> codec.read(
                "{\"jobName\": false}".getBytes(StandardCharsets.UTF_8), Shapes.CreateDataDeletionJobRequest.class));
    }

    @Test
    void onlyWellFormedUtf8IsRead() {
        byte[][] refused = {
                { '{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}' }, // overlong '/'
                { '{', '"', 'a', '"', ':', '"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"', '}' }, // overlong '/'
                { '{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}' }, // a surrogate
                { '{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}' },
                { '{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}' }, // cut short
                "{}".getBytes(StandardCharsets.UTF_16LE),
                "{\"maxResults\": 5}".getBytes(Charset.forName("UTF-32BE")) };
        for (byte[] body : refused) {
            assertEquals("The request body is not UTF-8 JSON.", assertThrows(SerializationException.class,
                    () -> codec.read(body, Shapes.ListDataDeletionJobsRequest.class)).getMessage());
        }
        String text = "arn:\u00e9\u20ac\ud83d\ude00";
        assertEquals(new Shapes.ListDataDeletionJobsRequest(text, null, null), codec.read(
                ("{\"datasetGroupArn\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8),
                Shapes.ListDataDeletionJobsRequest.class));
    }

    @Test
    void numbersTooLongOrOutOfRangeAreNamedSo() {
        assertEquals("The request body holds a number of more digits than any member takes.",
                assertThrows(SerializationException.class, () -> codec.read(("{\"maxResults\": 1" + "0".repeat(5_000)
                        + "}").getBytes(StandardCharsets.UTF_8), Shapes.ListDataDeletionJobsRequest.class)).getMessage());
        assertEquals("The value at 'maxResults' is out of range for that member.",
                assertThrows(SerializationException.class, () -> codec.read("{\"maxResults\": 2147483648}"
                        .getBytes(StandardCharsets.UTF_8), Shapes.ListDataDeletionJobsRequest.class)).getMessage());
    }

    @Test
    void aMemberNamedTwiceIsRefused() {
        assertEquals("The request body names a member twice.", assertThrows(SerializationException.class,
                () -> codec.read("{\"maxResults\": 1, \"maxResults\": 200}".getBytes(StandardCharsets.UTF_8),
                        Shapes.ListDataDeletionJobsRequest.class))
                .getMessage());
    }

    @Test
    void tagsBeyondWhatAJobMayHaveAreCountedNotRead() {
        // The 202nd is no tag at all: had it been read, the answer would be about its type.
        String tags = String.join(",", Collections.nCopies(201, "{\"tagKey\":\"k\",\"tagValue\":\"v\"}"));
        Shapes.CreateDataDeletionJobRequest tooMany = codec.read(("{\"tags\":[" + tags + ",\"x\"]}")
                .getBytes(StandardCharsets.UTF_8), Shapes.CreateDataDeletionJobRequest.class);
        assertEquals(200, tooMany.tags().size());
        assertEquals("A data deletion job can have at most 200 tags; the request has 202.",
                assertThrows(TooManyTagsException.class, () -> ShapeMapper.toNewJob(tooMany)).getMessage());
        assertEquals(200, ShapeMapper.toNewJob(codec.read(("{\"tags\":[" + tags.substring(tags.indexOf('{', 1))
                + "]}").getBytes(StandardCharsets.UTF_8), Shapes.CreateDataDeletionJobRequest.class)).tags().size());
        // A body that is no valid request is refused as one first, however many tags it has.
        assertEquals("The value at 'jobName' has the wrong JSON type for that member.",
                assertThrows(SerializationException.class, () -> codec.read(("{\"tags\":[" + tags
                        + "],\"jobName\":5}").getBytes(StandardCharsets.UTF_8),
                        Shapes.CreateDataDeletionJobRequest.class)).getMessage());
        assertEquals("The value at 'tags.2.member.tagValue' has the wrong JSON type for that member.",
                assertThrows(SerializationException.class, () -> codec.read(
                        "{\"tags\":[{},{\"tagValue\":[]}]}".getBytes(StandardCharsets.UTF_8),
                        Shapes.CreateDataDeletionJobRequest.class)).getMessage());
        assertEquals("The value at 'tags' has the wrong JSON type for that member.",
                assertThrows(SerializationException.class, () -> codec.read("{\"tags\":{}}"
                        .getBytes(StandardCharsets.UTF_8), Shapes.CreateDataDeletionJobRequest.class)).getMessage());
    }

    @Test
    void aMegabyteOfTagsOrUnknownMembersIsReadInLittleMoreThanItsOwnSize() {
        // A bound on what a hostile body costs the heap, not a speed: a megabyte of {} as tags was 350,000 of them
        // (53 MB allocated, 20 MB live until refused), and as an unknown member it was copied whole before being
        // dropped (19 MB).
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
                .getThreadMXBean();
        String empties = String.join(",", Collections.nCopies(349_000, "{}"));
        byte[] tagBomb = ("{\"tags\":[" + empties + "]}").getBytes(StandardCharsets.UTF_8);
        byte[] unknown = ("{\"x\":[" + empties + "],\"maxResults\":5}").getBytes(StandardCharsets.UTF_8);
        for (int round = 0; round < 3; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            assertEquals(200, codec.read(tagBomb, Shapes.CreateDataDeletionJobRequest.class).tags().size());
            long tagBombBytes = threads.getCurrentThreadAllocatedBytes() - before;
            before = threads.getCurrentThreadAllocatedBytes();
            assertEquals(5, codec.read(unknown, Shapes.ListDataDeletionJobsRequest.class).maxResults());
            long unknownBytes = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(tagBombBytes < 2 * tagBomb.length, "the tag bomb allocated " + tagBombBytes);
            assertTrue(unknownBytes < 2 * unknown.length, "the unknown member allocated " + unknownBytes);
        }
    }

    private String write(Object shape) {
        return codec.write(shape).toString(StandardCharsets.UTF_8);
    }
}
