package dev.deletionjobs.awsjson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.mongodb.MongoTimeoutException;

import dev.deletionjobs.error.InvalidInputException;
import dev.deletionjobs.http.BodyLimit;
import dev.deletionjobs.job.StoreUnavailableException;
import dev.deletionjobs.metrics.ApiCalls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;

class AwsErrorMapperTest {

    private final AwsErrorMapper mapper = new AwsErrorMapper(new AwsJsonCodec(), new ApiCalls(new SimpleMeterRegistry()),
            new BodyLimit(new MemorySize(BigInteger.valueOf(1024))));

    @Test
    void anUnexpectedFaultIsAnInternalFailureWithoutItsDetails() {
        Response response = mapper.internalFailure(new IllegalStateException("secret detail"), "req-123");
        assertEquals(500, response.getStatus());
        assertEquals("InternalFailure", response.getHeaderString("x-amzn-ErrorType"));
        String body = ((Buffer) response.getEntity()).toString(StandardCharsets.UTF_8);
        assertEquals("{\"__type\":\"InternalFailure\",\"message\":\"The server encountered an internal error;"
                + " quote request id req-123 when reporting it.\"}", body);
        assertFalse(body.contains("secret detail") || body.contains("IllegalStateException"));
    }

    @Test
    void aStoreThatDoesNotAnswerIsARetryableServiceUnavailable() {
        Response response = mapper.internalFailure(new RuntimeException(new StoreUnavailableException(
                new MongoTimeoutException("Timed out while waiting for a server"))), "req-9");
        assertEquals(503, response.getStatus());
        assertEquals("ServiceUnavailable", response.getHeaderString("x-amzn-ErrorType"));
        assertEquals("{\"__type\":\"ServiceUnavailable\",\"message\":\"The service is temporarily unable to reach its"
                + " store; retry the request. Request id req-9.\"}",
                ((Buffer) response.getEntity()).toString(StandardCharsets.UTF_8));
    }

    @Test
    void aServiceErrorKeepsItsNameInHeaderAndBody() {
        Response response = mapper.apiError(new InvalidInputException("bad"));
        assertEquals(400, response.getStatus());
        assertEquals("InvalidInputException", response.getHeaderString("x-amzn-ErrorType"));
        assertEquals("{\"__type\":\"InvalidInputException\",\"message\":\"bad\"}",
                ((Buffer) response.getEntity()).toString(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyOverTheLimitIsToldTheLimitWhicheverLayerRefusedIt() {
        Response response = mapper.httpError(413);
        assertEquals(413, response.getStatus());
        assertEquals("SerializationException", response.getHeaderString("x-amzn-ErrorType"));
        assertEquals("{\"__type\":\"SerializationException\",\"message\":\"The request body is larger than the 1024"
                + " bytes this service accepts.\"}", ((Buffer) response.getEntity()).toString(StandardCharsets.UTF_8));
    }
}
