package dev.deletionjobs.store.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The payload inside an {@code aws-chunked} upload body, which the AWS CLI and SDKs send (signed chunks, or unsigned
 * ones with a checksum trailer): {@code <hex size>[;chunk-signature=...]\r\n<bytes>\r\n ... 0...\r\n<trailers>\r\n}.
 * Signatures and trailers are skipped: the embedded endpoint is loopback-only and checks no credentials.
 */
final class AwsChunkedBody extends InputStream {

    // Chunk headers are a size and a signature; anything far longer is not this encoding.
    private static final int MAX_LINE = 4096;

    private final InputStream in;
    private long remaining;
    private boolean done;

    AwsChunkedBody(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (remaining == 0 && !nextChunk()) {
            return -1;
        }
        int read = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (read < 0) {
            throw new IOException("The aws-chunked body ended inside a chunk");
        }
        remaining -= read;
        if (remaining == 0) {
            line();
        }
        return read;
    }

    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        String header = line();
        int semicolon = header.indexOf(';');
        String size = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("The aws-chunked body has no chunk size where one belongs: " + size);
        }
        if (remaining < 0) {
            throw new IOException("The aws-chunked body has a negative chunk size");
        }
        if (remaining == 0) {
            // Trailers (checksums, their signature) up to the blank line that ends the body.
            while (!line().isEmpty()) {
                continue;
            }
            done = true;
            return false;
        }
        return true;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                // The last CRLF after the trailers is optional in what some clients send.
                return line.toString(StandardCharsets.US_ASCII).trim();
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("The aws-chunked body has a chunk header longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).trim();
    }
}
