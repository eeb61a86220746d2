package dev.deletionjobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server of job inputs, for the worker's tests: plain HTTP files, and the two S3 calls the worker makes
 * (ListObjectsV2 and GetObject, path-style). It counts every read of each object, so tests can prove that no job
 * ran twice, and can hold a response back to provoke a read timeout.
 */
public final class ObjectServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, Long> stalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();

    public ObjectServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "object-server");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code content} at {@code /path} (for S3: {@code /bucket/key}). */
    public ObjectServer put(String path, String content) {
        return put(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public ObjectServer put(String path, byte[] content) {
        objects.put(strip(path), content);
        return this;
    }

    /** Sends the headers of {@code path} at once, then waits {@code millis} before the body. */
    public ObjectServer stall(String path, long millis) {
        stalls.put(strip(path), millis);
        return this;
    }

    public String url(String path) {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/" + strip(path);
    }

    public String endpoint() {
        return url("");
    }

    /** How many times the object at {@code path} was read. */
    public int reads(String path) {
        AtomicInteger count = reads.get(strip(path));
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = strip(URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8));
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null && query.contains("list-type=2")) {
                list(exchange, path, parameter(query, "prefix"));
                return;
            }
            byte[] content = objects.get(path);
            if (content == null) {
                byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                        + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(404, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            reads.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "text/csv");
            exchange.sendResponseHeaders(200, content.length);
            OutputStream body = exchange.getResponseBody();
            Long stall = stalls.get(path);
            if (stall != null) {
                body.flush();
                try {
                    Thread.sleep(stall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            body.write(content);
        } catch (IOException e) {
            // The client gave up (a read timeout under test): nothing left to answer.
        }
    }

    private void list(HttpExchange exchange, String bucket, String prefix) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + bucket + "</Name>"
                + "<Prefix>" + prefix + "</Prefix><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>");
        objects.keySet().stream().sorted()
                .filter(key -> key.startsWith(bucket + "/" + prefix))
                .forEach(key -> xml.append("<Contents><Key>").append(key.substring(bucket.length() + 1))
                        .append("</Key><Size>").append(objects.get(key).length).append("</Size></Contents>"));
        byte[] body = xml.append("</ListBucketResult>").toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/xml");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private static String parameter(String query, String name) {
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0 && pair.substring(0, equals).equals(name)) {
                return URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            }
        }
        return "";
    }

    private static String strip(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
