package dev.deletionjobs.store.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.deletionjobs.store.embedded.ObjectFolder.Refused;
import dev.deletionjobs.store.embedded.ObjectFolder.StoredObject;
import io.quarkus.logging.Log;

/**
 * An S3-compatible endpoint on 127.0.0.1 for dev mode and local runs, so that {@code s3://} data sources work with
 * nothing installed: {@code curl -T users.csv http://127.0.0.1:8090/deletions/users.csv} uploads, and the worker's S3
 * client reads it back. It serves path-style PutObject (plain or aws-chunked bodies), GetObject, HeadObject,
 * DeleteObject, CreateBucket, HeadBucket and ListObjectsV2 on a folder ({@link ObjectFolder}), and checks no
 * credentials: it listens on the loopback address only. Started with the embedded store while configuration is read
 * ({@link EmbeddedStoreConfigSourceFactory}), stopped with the application ({@link EmbeddedStoreShutdown}).
 */
public final class EmbeddedS3Endpoint implements AutoCloseable {

    private static final int MAX_KEYS = 1000;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private static EmbeddedS3Endpoint running;

    private final HttpServer server;
    private final ExecutorService threads;
    private final ObjectFolder folder;
    private final boolean temporary;
    private final String endpoint;

    /**
     * Starts the endpoint once per application start and returns its URL: objects under {@code directory} + {@code s3/}
     * when persistent, else in a temporary folder deleted at {@link #stop()}.
     */
    static synchronized String start(int port, boolean persistent, String directory) {
        if (running == null) {
            ObjectFolder objects = new ObjectFolder(persistent
                    ? Path.of(directory).toAbsolutePath().normalize().resolve("s3")
                    : temporaryFolder());
            try {
                running = new EmbeddedS3Endpoint(port, objects, !persistent);
            } catch (IllegalStateException e) {
                if (!persistent) {
                    deleteQuietly(objects);
                }
                throw e;
            }
            Log.infof("Embedded S3 endpoint at %s (objects in %s%s): upload with curl -T users.csv %s/<bucket>/<key>",
                    running.endpoint, running.folder.root(), persistent ? "" : ", deleted at shutdown",
                    running.endpoint);
        }
        return running.endpoint;
    }

    /** Stops the running endpoint, and deletes its objects if they were temporary; a no-op when none runs. */
    static synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
        }
    }

    /** An endpoint of its own on 127.0.0.1:{@code port} (0: any free port) serving {@code folder}. */
    EmbeddedS3Endpoint(int port, ObjectFolder folder, boolean temporary) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new IllegalStateException("The embedded S3 endpoint cannot listen on " + address.getHostString()
                    + ":" + port + " (" + e.getMessage() + "): set personalize.s3.embedded-port to a free port (0 for"
                    + " any), or personalize.s3.endpoint to an S3 of your own", e);
        }
        this.folder = folder;
        this.temporary = temporary;
        threads = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "embedded-s3");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        endpoint = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    String url() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        if (temporary) {
            deleteQuietly(folder);
        }
    }

    private static void deleteQuietly(ObjectFolder objects) {
        try {
            objects.deleteAll();
        } catch (IOException e) {
            Log.warnf("The embedded S3 endpoint's temporary objects in %s were not all deleted: %s",
                    objects.root(), e.getMessage());
        }
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("embedded-s3-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary folder for the embedded S3 endpoint", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectFolder objects = folder;
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            int slash = path.indexOf('/', 1);
            String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
            String key = slash < 0 ? "" : path.substring(slash + 1);
            try {
                if (bucket.isEmpty()) {
                    error(exchange, 501, "NotImplemented", "This endpoint serves one bucket at a time: /<bucket>/<key>.");
                } else if (key.isEmpty()) {
                    bucketRequest(exchange, objects, method, bucket);
                } else {
                    objectRequest(exchange, objects, method, bucket, key);
                }
            } catch (Refused refused) {
                error(exchange, refused.status(), refused.code(), refused.getMessage());
            } catch (IOException e) {
                // A client that hung up mid-upload looks the same as a full disk here: worth a line, not an ERROR.
                Log.warnf("The embedded S3 endpoint could not serve %s %s: %s", method, path, e.getMessage());
                if (exchange.getResponseCode() == -1) {
                    error(exchange, 500, "InternalError", "The object could not be read or written: " + e.getMessage());
                }
            }
        }
    }

    private static void bucketRequest(HttpExchange exchange, ObjectFolder objects, String method, String bucket)
            throws Refused, IOException {
        switch (method) {
            case "PUT" -> {
                objects.createBucket(bucket);
                exchange.getResponseHeaders().set("Location", "/" + bucket);
                exchange.sendResponseHeaders(200, -1);
            }
            case "HEAD" -> exchange.sendResponseHeaders(objects.bucketExists(bucket) ? 200 : 404, -1);
            case "GET" -> {
                if (!objects.bucketExists(bucket)) {
                    error(exchange, 404, "NoSuchBucket", "The bucket " + bucket + " does not exist.");
                } else {
                    list(exchange, objects, bucket, query(exchange));
                }
            }
            default -> error(exchange, 405, "MethodNotAllowed", method + " is not served on a bucket here.");
        }
    }

    private static void objectRequest(HttpExchange exchange, ObjectFolder objects, String method, String bucket,
            String key) throws Refused, IOException {
        switch (method) {
            case "PUT" -> {
                StoredObject stored;
                try (InputStream body = uploadBody(exchange)) {
                    stored = objects.put(bucket, key, body);
                }
                exchange.getResponseHeaders().set("ETag", quoted(stored.etag()));
                exchange.sendResponseHeaders(200, -1);
            }
            case "GET", "HEAD" -> {
                Optional<StoredObject> found = objects.bucketExists(bucket) ? objects.find(bucket, key)
                        : Optional.empty();
                if (found.isEmpty()) {
                    if (method.equals("HEAD")) {
                        exchange.sendResponseHeaders(404, -1);
                    } else if (!objects.bucketExists(bucket)) {
                        error(exchange, 404, "NoSuchBucket", "The bucket " + bucket + " does not exist.");
                    } else {
                        error(exchange, 404, "NoSuchKey", "The key " + key + " does not exist in " + bucket + ".");
                    }
                    return;
                }
                StoredObject object = found.get();
                exchange.getResponseHeaders().set("ETag", quoted(object.etag()));
                exchange.getResponseHeaders().set("Last-Modified", HTTP_DATE.format(object.lastModified()));
                exchange.getResponseHeaders().set("Content-Type", "binary/octet-stream");
                if (method.equals("HEAD")) {
                    exchange.getResponseHeaders().set("Content-Length", Long.toString(object.size()));
                    exchange.sendResponseHeaders(200, -1);
                    return;
                }
                // -1: no body; 0 would mean a chunked one of unknown length.
                exchange.sendResponseHeaders(200, object.size() == 0 ? -1 : object.size());
                try (InputStream in = objects.open(bucket, key); OutputStream out = exchange.getResponseBody()) {
                    in.transferTo(out);
                }
            }
            case "DELETE" -> {
                objects.delete(bucket, key);
                exchange.sendResponseHeaders(204, -1);
            }
            default -> error(exchange, 405, "MethodNotAllowed", method + " is not served on an object here.");
        }
    }

    /** ListObjectsV2, with prefix, delimiter, max-keys and continuation tokens (the last key returned, encoded). */
    private static void list(HttpExchange exchange, ObjectFolder objects, String bucket, Map<String, String> query)
            throws Refused, IOException {
        String prefix = query.getOrDefault("prefix", "");
        String delimiter = query.getOrDefault("delimiter", "");
        int maxKeys;
        try {
            maxKeys = Math.min(MAX_KEYS, Integer.parseInt(query.getOrDefault("max-keys", "" + MAX_KEYS)));
        } catch (NumberFormatException e) {
            throw new Refused(400, "InvalidArgument", "max-keys must be a number.");
        }
        String token = query.get("continuation-token");
        String after = token != null ? decodeToken(token) : query.getOrDefault("start-after", "");

        List<StoredObject> contents = new ArrayList<>();
        Set<String> commonPrefixes = new LinkedHashSet<>();
        String last = null;
        boolean truncated = false;
        for (StoredObject object : objects.list(bucket, prefix)) {
            String entry = object.key();
            int cut = delimiter.isEmpty() ? -1 : entry.indexOf(delimiter, prefix.length());
            if (cut >= 0) {
                entry = entry.substring(0, cut + delimiter.length());
            }
            if (entry.compareTo(after) <= 0 || entry.equals(last)) {
                continue;
            }
            if (contents.size() + commonPrefixes.size() == maxKeys) {
                truncated = true;
                break;
            }
            if (cut >= 0) {
                commonPrefixes.add(entry);
            } else {
                contents.add(object);
            }
            last = entry;
        }

        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
                .append(element("Name", bucket)).append(element("Prefix", prefix))
                .append(element("KeyCount", Integer.toString(contents.size() + commonPrefixes.size())))
                .append(element("MaxKeys", Integer.toString(maxKeys)))
                .append(element("IsTruncated", Boolean.toString(truncated)));
        if (!delimiter.isEmpty()) {
            xml.append(element("Delimiter", delimiter));
        }
        if (token != null) {
            xml.append(element("ContinuationToken", token));
        }
        if (truncated) {
            xml.append(element("NextContinuationToken", encodeToken(last)));
        }
        for (StoredObject object : contents) {
            xml.append("<Contents>").append(element("Key", object.key()))
                    .append(element("LastModified", object.lastModified().truncatedTo(ChronoUnit.MILLIS).toString()))
                    .append(element("ETag", quoted(object.etag())))
                    .append(element("Size", Long.toString(object.size())))
                    .append(element("StorageClass", "STANDARD")).append("</Contents>");
        }
        for (String common : commonPrefixes) {
            xml.append("<CommonPrefixes>").append(element("Prefix", common)).append("</CommonPrefixes>");
        }
        xml.append("</ListBucketResult>");
        send(exchange, 200, xml.toString());
    }

    /** The payload of an upload: aws-chunked bodies (the AWS CLI's and SDKs') are unwrapped, others taken as sent. */
    private static InputStream uploadBody(HttpExchange exchange) {
        String sha256 = Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-amz-content-sha256")).orElse("");
        String encoding = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Encoding")).orElse("");
        boolean chunked = sha256.startsWith("STREAMING-") || encoding.toLowerCase(Locale.ROOT).contains("aws-chunked");
        return chunked ? new AwsChunkedBody(exchange.getRequestBody()) : exchange.getRequestBody();
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.put(name, value);
            }
        }
        return query;
    }

    private static String encodeToken(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) throws Refused {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "InvalidArgument", "The continuation token is not one this endpoint gave.");
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        if (exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        send(exchange, status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error>" + element("Code", code)
                + element("Message", message) + element("Resource", exchange.getRequestURI().getPath()) + "</Error>");
    }

    private static void send(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static String quoted(String etag) {
        return "\"" + etag + "\"";
    }

    private static String element(String name, String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        escaped.append("&#").append((int) c).append(';');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return "<" + name + ">" + escaped + "</" + name + ">";
    }
}
