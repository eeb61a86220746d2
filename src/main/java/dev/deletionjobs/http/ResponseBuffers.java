package dev.deletionjobs.http;

import java.io.IOException;
import java.io.OutputStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;

/**
 * Response bodies that a streaming JSON generator writes straight into the Vert.x buffer the response is sent from,
 * with no byte array and copy in between. The first chunk starts at the size of the last body written through the same
 * instance, a little more: clients repeat the same requests, so the last body is a fair guess at the next, and a
 * buffer grown to a page of 100 jobs (some 40 KB) from 512 bytes was reallocated and copied on the way, a tenth of
 * the writing. A longer body goes on in further chunks, sent as one composite buffer: a buffer that doubled and copied
 * itself held up to three times a large answer at its peak (a 46 MB answer took 128 MB of heap for a moment).
 */
public final class ResponseBuffers {

    /** The most a first chunk starts with, whatever the bodies before it took, and the size of every further one. */
    private static final int CHUNK = 256 * 1024;

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
        ChunkedOutput output = new ChunkedOutput(sizeHint);
        try (JsonGenerator generator = json.createGenerator(output, JsonEncoding.UTF8)) {
            writer.write(generator);
        }
        ByteBuf body = output.body();
        sizeHint = (int) Math.min(body.readableBytes() + body.readableBytes() / 8L + 64, CHUNK);
        return Buffer.buffer(body);
    }

    /** Lets the generator write into chunks of the response's buffer, each filled before the next is taken. */
    private static final class ChunkedOutput extends OutputStream {

        /** The chunks filled so far; null while the first one holds the whole body. */
        private CompositeByteBuf filled;
        private ByteBuf chunk;

        ChunkedOutput(int firstChunk) {
            this.chunk = Unpooled.buffer(firstChunk, firstChunk);
        }

        @Override
        public void write(int b) {
            if (!chunk.isWritable()) {
                next();
            }
            chunk.writeByte(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            int from = offset;
            int left = length;
            while (left > 0) {
                if (!chunk.isWritable()) {
                    next();
                }
                int taken = Math.min(left, chunk.writableBytes());
                chunk.writeBytes(bytes, from, taken);
                from += taken;
                left -= taken;
            }
        }

        private void next() {
            if (filled == null) {
                filled = Unpooled.compositeBuffer(Integer.MAX_VALUE);
            }
            filled.addComponent(true, chunk);
            chunk = Unpooled.buffer(CHUNK, CHUNK);
        }

        /** Everything written, as one buffer. */
        ByteBuf body() {
            if (filled == null) {
                return trimmed(chunk);
            }
            filled.addComponent(true, trimmed(chunk));
            return filled;
        }

        /**
         * The last chunk, copied out when it is less than half full: a short body after a long one (or a long body's
         * tail) would otherwise hold the whole chunk, up to 256 KiB, while every bound on unsent answers (a
         * connection's, the replica's budget of answers) counts the bytes written.
         */
        private static ByteBuf trimmed(ByteBuf last) {
            if (last.writerIndex() >= last.capacity() / 2) {
                return last;
            }
            ByteBuf copy = last.copy();
            last.release();
            return copy;
        }
    }
}
