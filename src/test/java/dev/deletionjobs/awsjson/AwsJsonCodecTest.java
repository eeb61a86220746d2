package dev.deletionjobs.awsjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

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

    private String write(Object shape) {
        return new String(codec.write(shape), StandardCharsets.UTF_8);
    }
}
