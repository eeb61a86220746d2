package dev.deletionjobs.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local server of job inputs, for the worker's tests: plain HTTP files, and the two S3 calls the worker makes
 * (ListObjectsV2, a page at a time, and GetObject, path-style). It counts every read of each object, so tests can
 * prove that no job ran twice, and can hold a response back to provoke a read timeout, drip a body a byte at a time,
 * answer an error before it serves, or redirect.
 */
public final class ObjectServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final Map<String, Long> stalls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
    private final Map<String, Long> drips = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Integer> failureStatus = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Set<String> vanished = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final Map<String, String> signers = new ConcurrentHashMap<>();
    private final AtomicInteger listings = new AtomicInteger();
    private volatile int pageSize = 1000;

    public ObjectServer() throws IOException {
        this(InetAddress.getLoopbackAddress());
    }

    /** A server on another loopback address (127.0.0.2, ...), for a host the guard must tell apart. */
    public ObjectServer(InetAddress address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
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

    /** Sends the body of {@code path} one byte every {@code millis}, after the headers. */
    public ObjectServer drip(String path, long millis) {
        drips.put(strip(path), millis);
        return this;
    }

    /** Answers the next {@code times} requests for {@code path} with {@code status}, then serves it. */
    public ObjectServer failFirst(String path, int times, int status) {
        failures.put(strip(path), new AtomicInteger(times));
        failureStatus.put(strip(path), status);
        return this;
    }

    /** Answers requests for {@code path} with a 302 to {@code location}. */
    public ObjectServer redirect(String path, String location) {
        redirects.put(strip(path), location);
        return this;
    }

    /** Keeps listing {@code path} but answers its reads as S3 does a key deleted since it was listed. */
    public ObjectServer vanish(String path) {
        vanished.add(strip(path));
        return this;
    }

    /**
     * The access key and session token that signed the last request for {@code path} ({@code bucket/} for a listing),
     * as {@code key|token}: which credentials an S3 read ran under.
     */
    public String signer(String path) {
        return signers.get(strip(path));
    }

    /** Lists at most {@code keys} keys a page (S3's 1,000 by default), so a listing takes several requests. */
    public ObjectServer pageSize(int keys) {
        pageSize = keys;
        return this;
    }

    /** How many ListObjectsV2 pages this server answered. */
    public int listings() {
        return listings.get();
    }

    /** Every request this server received, of any path. */
    public int requests() {
        return requests.get();
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
        requests.incrementAndGet();
        try (exchange) {
            String path = strip(URLDecoder.decode(exchange.getRequestURI().getRawPath(), StandardCharsets.UTF_8));
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization != null && authorization.contains("Credential=")) {
                String credential = authorization.substring(authorization.indexOf("Credential=") + 11);
                String token = exchange.getRequestHeaders().getFirst("X-Amz-Security-Token");
                String query = exchange.getRequestURI().getRawQuery();
                signers.put(query != null && query.contains("list-type=2") ? path + "/" : path,
                        credential.substring(0, credential.indexOf('/')) + "|" + token);
            }
            String redirect = redirects.get(path);
            if (redirect != null) {
                exchange.getResponseHeaders().add("Location", redirect);
                exchange.sendResponseHeaders(302, -1);
                return;
            }
            AtomicInteger failing = failures.get(path);
            if (failing != null && failing.getAndDecrement() > 0) {
                byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code>"
                        + "<Message>secret-internal-detail</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/xml");
                exchange.sendResponseHeaders(failureStatus.get(path), error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null && query.contains("list-type=2")) {
                listings.incrementAndGet();
                list(exchange, path, parameter(query, "prefix"), parameter(query, "continuation-token"));
                return;
            }
            byte[] content = vanished.contains(path) ? null : objects.get(path);
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
            Long drip = drips.get(path);
            if (drip != null) {
                exchange.sendResponseHeaders(200, 0);
                OutputStream body = exchange.getResponseBody();
                for (byte b : content) {
                    body.write(b);
                    body.flush();
                    Thread.sleep(drip);
                }
                return;
            }
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
            // The client gave up (a read timeout or a deadline under test): nothing left to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void list(HttpExchange exchange, String bucket, String prefix, String continuation) throws IOException {
        String after = continuation.isEmpty() ? ""
                : new String(Base64.getUrlDecoder().decode(continuation), StandardCharsets.UTF_8);
        List<String> keys = objects.keySet().stream().sorted()
                .filter(key -> key.startsWith(bucket + "/" + prefix) && key.compareTo(after) > 0)
                .limit(pageSize + 1L).toList();
        boolean truncated = keys.size() > pageSize;
        List<String> page = truncated ? keys.subList(0, pageSize) : keys;
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + bucket + "</Name>"
                + "<Prefix>" + prefix + "</Prefix><MaxKeys>" + pageSize + "</MaxKeys><KeyCount>" + page.size()
                + "</KeyCount><IsTruncated>" + truncated + "</IsTruncated>");
        if (truncated) {
            xml.append("<NextContinuationToken>").append(Base64.getUrlEncoder().encodeToString(
                    page.get(page.size() - 1).getBytes(StandardCharsets.UTF_8))).append("</NextContinuationToken>");
        }
        page.forEach(key -> xml.append("<Contents><Key>").append(key.substring(bucket.length() + 1))
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
