package dev.deletionjobs.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.restassured.RestAssured;

/** Requests written byte for byte, for what no HTTP client would send: malformed hosts, paths and headers. */
public final class RawHttp {

    private RawHttp() {
    }

    /** A response's head, up to its blank line, or what came before the connection closed. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || head.lastIndexOf("\r\n\r\n") != head.length() - 4) {
            int next = in.read();
            if (next < 0) {
                break;
            }
            head.append((char) next);
        }
        return head.toString();
    }

    /** A POST of {@code jsonBody} to the AWS endpoint for {@code operation} (as {@code ListDataDeletionJobs}). */
    public static byte[] awsJsonRequest(String operation, String jsonBody) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: AmazonPersonalize." + operation + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /**
     * What came on {@code in} until the service ended the connection, closed or reset (closed with requests it had not
     * read still queued, as RFC 9112 says); a connection it kept fails at the socket's read timeout.
     */
    public static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream answered = new ByteArrayOutputStream();
        byte[] chunk = new byte[65_536];
        try {
            for (int n; (n = in.read(chunk)) >= 0;) {
                answered.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException kept) {
            throw new AssertionError("the connection was kept: " + answered.size() + " bytes of answers read", kept);
        } catch (IOException reset) {
            // What came before the reset is what was answered.
        }
        return answered.toByteArray();
    }

    /**
     * The whole answers to {@code { __typename }} asked of {@code /graphql} by POST and by GET, as raw bytes with
     * {@code headerLines} (each ending in CRLF; Host among them) as their headers.
     */
    public static List<String> typenameByPostAndGet(String headerLines) throws IOException {
        String body = "{\"query\":\"{ __typename }\"}";
        return List.of(exchange("POST /graphql HTTP/1.1\r\n" + headerLines + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body),
                exchange("GET /graphql?query=%7B__typename%7D HTTP/1.1\r\n" + headerLines
                        + "Connection: close\r\n\r\n"));
    }

    /**
     * The answer to a GraphQL WebSocket upgrade from a page of {@code origin} (none when null): its head, and its body
     * when it is refused.
     */
    public static String webSocketUpgrade(String origin) throws IOException {
        return webSocketHandshake("Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n"
                + (origin == null ? "" : "Origin: " + origin + "\r\n"));
    }

    /**
     * Asks for a WebSocket at {@code /graphql} with {@code headerLines} (each ended by CRLF) besides its Host and
     * Upgrade; returns the answer's head, and its body unless it is a 101.
     */
    public static String webSocketHandshake(String headerLines) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /graphql HTTP/1.1\r\nHost: localhost:" + RestAssured.port
                    + "\r\nUpgrade: websocket\r\n" + headerLines + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String length = head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1");
            if (head.startsWith("HTTP/1.1 101 ") || length.equals(head)) {
                return head;
            }
            return head + new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
        }
    }

    /** Sends {@code request} as it is to the application under test and returns all it answered before closing. */
    public static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return "no answer within 10 s";
        }
    }
}
