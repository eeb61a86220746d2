package dev.deletionjobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.vertx.core.buffer.Buffer;

/**
 * A body holds about the memory its bytes take, whatever the bodies before it: the bounds on answers a client has not
 * read count bytes written, so a buffer that held more than it says would slip past them.
 */
class ResponseBuffersTest {

    private final ResponseBuffers buffers = new ResponseBuffers(new JsonFactory());

    @Test
    void aShortBodyAfterALongOneHoldsNoMoreThanItsBytes() throws IOException {
        write(200_000);
        Buffer small = write(200);

        assertEquals("\"" + "x".repeat(200) + "\"", small.toString());
        ByteBuf held = underlying(small.getByteBuf());
        assertTrue(held.capacity() <= 2 * small.length(), "a body of " + small.length() + " bytes holds "
                + held.capacity());
    }

    @Test
    void aLongBodysLastChunkHoldsNoMoreThanItsBytes() throws IOException {
        // After a body of the largest first chunk, one a little longer: that chunk and a nearly empty second one.
        write(300_000);
        Buffer body = write(270_000);

        assertEquals("\"" + "x".repeat(270_000) + "\"", body.toString());
        CompositeByteBuf chunks = (CompositeByteBuf) underlying(body.getByteBuf());
        long held = 0;
        for (int i = 0; i < chunks.numComponents(); i++) {
            held += chunks.component(i).capacity();
        }
        assertEquals(2, chunks.numComponents());
        assertTrue(held <= body.length() * 3L / 2, "a body of " + body.length() + " bytes holds " + held);
    }

    @Test
    void aBodyAsLongAsTheLastIsWrittenInPlace() throws IOException {
        write(40_000);
        Buffer again = write(40_000);

        ByteBuf held = underlying(again.getByteBuf());
        assertTrue(held.capacity() >= again.length() && held.capacity() <= again.length() * 5L / 4,
                "the first chunk starts at the last body's size: " + held.capacity() + " for " + again.length());
    }

    /** A JSON string of {@code characters} x's: that many bytes and its two quotes. */
    private Buffer write(int characters) throws IOException {
        String text = "x".repeat(characters);
        return buffers.write(json -> json.writeString(text));
    }

    /** The buffer a body's view (Vert.x hands out slices) is of, and whose memory it holds. */
    private static ByteBuf underlying(ByteBuf view) {
        ByteBuf buffer = view;
        while (buffer.unwrap() != null) {
            buffer = buffer.unwrap();
        }
        return buffer;
    }
}
