package dev.deletionjobs.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local STS endpoint for the worker's tests: answers AssumeRole (the query protocol the AWS SDK speaks) with
 * session credentials named after the role, or AccessDenied for the roles a test refuses, and keeps every request's
 * parameters so a test can check the external id and session name.
 */
public final class StsServer implements AutoCloseable {

    private final HttpServer server;
    private final Set<String> refused = ConcurrentHashMap.newKeySet();
    private final List<Map<String, String>> calls = new CopyOnWriteArrayList<>();

    public StsServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** AssumeRole of {@code roleArn} is answered AccessDenied from now on. */
    public StsServer refuse(String roleArn) {
        refused.add(roleArn);
        return this;
    }

    /** The parameters of every AssumeRole call so far. */
    public List<Map<String, String>> calls() {
        return List.copyOf(calls);
    }

    /** The access key issued for {@code roleArn}: a key that no other credentials share. */
    public static String accessKeyFor(String roleArn) {
        return "ASIA" + Integer.toHexString(roleArn.hashCode()).toUpperCase();
    }

    public static String sessionTokenFor(String roleArn) {
        return "session-of-" + roleArn.substring(roleArn.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> parameters = new HashMap<>();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    parameters.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
            calls.add(parameters);
            String role = parameters.getOrDefault("RoleArn", "");
            String xml;
            int status;
            if (!"AssumeRole".equals(parameters.get("Action")) || refused.contains(role)) {
                status = 403;
                xml = "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                        + "<Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole</Message></Error>"
                        + "<RequestId>test</RequestId></ErrorResponse>";
            } else {
                status = 200;
                xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                        + "<Credentials><AccessKeyId>" + accessKeyFor(role) + "</AccessKeyId>"
                        + "<SecretAccessKey>secret-of-the-role</SecretAccessKey>"
                        + "<SessionToken>" + sessionTokenFor(role) + "</SessionToken>"
                        + "<Expiration>" + Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS)
                        + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROATEST:"
                        + parameters.get("RoleSessionName") + "</AssumedRoleId><Arn>" + role + "</Arn>"
                        + "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>test</RequestId>"
                        + "</ResponseMetadata></AssumeRoleResponse>";
            }
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
