package dev.deletionjobs.http;

import java.util.function.Consumer;

import jakarta.inject.Singleton;

import dev.deletionjobs.config.PersonalizeConfig;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.impl.RoutingContextInternal;

/**
 * How long a request may take to send its body ({@code personalize.http.body-timeout}): the limit a body under the
 * size limit still needs. Without it, a client that sends a byte now and then holds its connection and its body's
 * buffer for as long as the connection's idle timeout (30 minutes), and a few thousand such clients hold the heap.
 * Armed as the request arrives, before its body is read, and disarmed once the body is in; on expiry the interface
 * answers in its own words and the connection is closed.
 */
@Singleton
public class BodyDeadline {

    private static final String TIMER = BodyDeadline.class.getName();
    private static final String BODY_IN = BodyDeadline.class.getName() + ".in";
    private static final String ARMED = BodyDeadline.class.getName() + ".armed";

    private final long millis;

    BodyDeadline(PersonalizeConfig config) {
        this.millis = Math.max(1, config.http().bodyTimeout().toMillis());
    }

    /** The deadline, in whole seconds, for messages. */
    public long seconds() {
        return Math.max(1, millis / 1000);
    }

    /**
     * A handler that arms the deadline and hands the request on: a platform handler, which Vert.x runs before the
     * body handler of the same route. {@code onExpiry} answers a request whose body is not
     * in by then; it runs on the request's own event loop, as the body's reading does, so the two never race.
     */
    public PlatformHandler arm(Consumer<RoutingContext> onExpiry) {
        return context -> {
            long timer = context.vertx().setTimer(millis, fired -> {
                if (context.remove(TIMER) != null && !context.response().headWritten()) {
                    onExpiry.accept(context);
                }
            });
            context.put(TIMER, timer);
            context.put(ARMED, Boolean.TRUE);
            context.addEndHandler(ended -> disarm(context));
            context.next();
        };
    }

    /**
     * A handler, right after the body's reader, that disarms the deadline: the body is in. A body reader that sized
     * nothing in advance leaves a declared but empty body ({@code Content-Length: 0}) unset, and an endpoint would
     * then wait to read it from a stream that has ended: it is set to the empty body it is.
     */
    public Handler<RoutingContext> disarm() {
        return context -> {
            disarm(context);
            context.put(BODY_IN, Boolean.TRUE);
            if (context.body().buffer() == null && context.request().isEnded()) {
                ((RoutingContextInternal) context).setBody(Buffer.buffer());
            }
            context.next();
        };
    }

    /**
     * For a request answered before its body was read: reads what is left of the body as it comes and drops it (no
     * byte is held), then closes the connection once the body is in, past {@code limit} bytes, or at the deadline,
     * whichever comes first. Closed at once with bytes unread, the connection would be reset by the kernel (RFC 7230,
     * 6.6) and a client still sending its body could lose the answer: an SDK whose clock is off would never read the
     * {@code InvalidSignatureException} that corrects it.
     */
    public void discardRestThenClose(RoutingContext context, long limit) {
        HttpServerRequest request = context.request();
        if (request.isEnded() || "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // Nothing more comes: all of it is in, or the client waits for a 100 Continue that is not sent.
            context.addEndHandler(answered -> ClientConnections.close(request.connection()));
            return;
        }
        long timer = context.vertx().setTimer(millis, fired -> ClientConnections.close(request.connection()));
        long[] received = { 0 };
        request.handler(chunk -> {
            received[0] += chunk.length();
            if (received[0] > limit) {
                context.vertx().cancelTimer(timer);
                ClientConnections.close(request.connection());
            }
        });
        request.endHandler(ended -> {
            context.vertx().cancelTimer(timer);
            if (context.response().ended()) {
                ClientConnections.close(request.connection());
            } else {
                context.addEndHandler(answered -> ClientConnections.close(request.connection()));
            }
        });
        request.exceptionHandler(failure -> context.vertx().cancelTimer(timer));
        request.resume();
    }

    /**
     * Whether the request's body was read whole: a failure before that is one of reading it (the client's framing,
     * or the client gone), not of the operation.
     */
    public static boolean bodyIn(RoutingContext context) {
        return context.get(BODY_IN) != null;
    }

    /**
     * Whether the request's body had started to be read (the deadline armed, right before the body's reader): a
     * failure before that is one of the handlers that look at the request's head, a fault of ours.
     */
    public static boolean bodyStarted(RoutingContext context) {
        return context.get(ARMED) != null;
    }

    private static void disarm(RoutingContext context) {
        Long timer = context.remove(TIMER);
        if (timer != null) {
            context.vertx().cancelTimer(timer);
        }
    }
}
