package dev.deletionjobs.testing;

import java.util.Optional;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * In a test profile that sets {@value #PROPERTY}, the HTTP server's sockets get a send buffer that small, the
 * kernel's autotuning off: as on a real network, where an answer longer than a few tens of KB waits in the service's
 * own queue while its client does not read it, not in the megabytes loopback's buffers grow to.
 */
@Singleton
public class SendBufferSize implements HttpServerOptionsCustomizer {

    public static final String PROPERTY = "test.http.send-buffer-size";

    private final Optional<Integer> bytes;

    SendBufferSize(@ConfigProperty(name = PROPERTY) Optional<Integer> bytes) {
        this.bytes = bytes;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        bytes.ifPresent(options::setSendBufferSize);
    }
}
