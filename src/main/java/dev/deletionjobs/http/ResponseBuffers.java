package dev.deletionjobs.http;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.vertx.core.buffer.Buffer;

/**
 * Response bodies that a streaming JSON generator writes straight into the Vert.x buffer the response is sent from,
 * with no byte array and copy in between. Each buffer starts at the size of the last body written through the same
 * instance, a little more: clients repeat the same requests, so the last body is a fair guess at the next, and a
 * buffer grown to a page of 100 jobs (some 40 KB) from 512 bytes was reallocated and copied on the way, a tenth of
 * the writing.
 */
public final class ResponseBuffers {

    /** The most a buffer starts with, whatever the bodies before it took. */
    private static final int LARGEST_START = 256 * 1024;

    private final JsonFactory json;
    private volatile int sizeHint = 512;

    public ResponseBuffers(JsonFactory json) {
        this.json = json;
    }

    /** What writes one body: a JSON value, from its first token to its last. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(JsonGenerator json) throws IOException;
    }

    /**
     * The body {@code writer} writes, in UTF-8.
     *
     * @throws IOException when the writer fails; no size is learnt from a body that was not finished
     */
    public Buffer write(BodyWriter writer) throws IOException {
        Buffer body = Buffer.buffer(sizeHint);
        try (JsonGenerator generator = json.createGenerator(new BufferOutput(body), JsonEncoding.UTF8)) {
            writer.write(generator);
        }
        sizeHint = Math.min(body.length() + body.length() / 8 + 64, LARGEST_START);
        return body;
    }

    /** Lets the generator write into the response's buffer. */
    private static final class BufferOutput extends OutputStream {

        private final Buffer buffer;

        BufferOutput(Buffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public void write(int b) {
            buffer.appendByte((byte) b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            buffer.appendBytes(bytes, offset, length);
        }
    }
}
