package dev.deletionjobs.http;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How the service ends a client's connection, and the two rules that keep what a connection holds unanswered or
 * unread bounded.
 * <p>
 * HTTP/1.1 lets a client send its next requests before it reads the answers (pipelining), and Vert.x begins the next
 * request as soon as the last answer is handed to the socket's queue, not once it is sent: a client that sends small
 * requests and never reads grew that queue without bound, ten times its own bytes without a key (the 401s) and fifty
 * times with one (a page for each signed request, replayed). No SDK or browser pipelines past an answer it has not
 * read, so a request that arrives while its connection holds more than {@value #MOST_UNSENT_AHEAD} bytes of unsent
 * answers ends the connection, unanswered: what one connection holds is that and one answer, beside the kernel's socket
 * buffers (Netty's high-water mark, 64 KB, was the bound before: on 10,000 connections 640 MB). Nor did anything
 * bound the requests waiting behind a slow answer: Vert.x queued every one it read (some 1 KB of heap each, in a list
 * it walks to its end for each new one), so a connection that sent 8 MB of {@code GET}s behind one scrape of the
 * metrics held 200 MB and its event loop for minutes. A client with more than {@value #MOST_REQUESTS_AHEAD} requests
 * unanswered loses its connection as the next one is read.
 * <p>
 * Across connections, what answers hold unsent is the {@link AnswerBudget}'s: an answer holds its length of it until
 * the counter sees it handed to the socket ({@link #releaseWhenSent}).
 * <p>
 * Vert.x's own {@link HttpConnection#close()} first waits for everything queued to be sent, which a client that does
 * not read never lets happen, and serves the requests it has already sent meanwhile. {@link #close} gives the answer
 * {@value #CLOSE_GRACE_SECONDS} seconds to go out and then closes the socket regardless, and the requests behind it
 * are not begun.
 */
@Singleton
public class ClientConnections {

    /** How long an answer on a connection being closed has to reach its client. */
    static final long CLOSE_GRACE_SECONDS = 5;

    /**
     * How many bytes of answers a connection may hold unsent (in the service's queue, past what the kernel took) when
     * its client sends another request. A client that reads each answer before it asks again holds none; one that
     * stopped reading held up to Netty's high-water mark (64 KB) here, and thousands of connections that much.
     */
    static final long MOST_UNSENT_AHEAD = 4096;

    /** How many requests a client may have sent and not yet been answered, on one connection. */
    static final int MOST_REQUESTS_AHEAD = 16;

    private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf(ClientConnections.class.getName());
    /** The budget's hold of the answer being written on a connection, given back once that answer is sent. */
    private static final AttributeKey<AnswerBudget.Hold> ANSWER_HOLD = AttributeKey
            .valueOf(ClientConnections.class.getName() + ".answerHold");
    /** Vert.x's own handler in a connection's pipeline, after Netty's HTTP codec. */
    private static final String VERTX_HANDLER = "handler";
    private static final String REQUESTS_AHEAD = RequestsAhead.class.getName();

    void install(@Observes Router router) {
        guard(router);
    }

    void install(@Observes ManagementInterface management) {
        guard(management.router());
    }

    /** First of all routes: a request that arrives behind unread answers, or on a connection being closed, ends it. */
    private static void guard(Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ClientConnections::admit);
    }

    private static void admit(RoutingContext context) {
        if (context.request().connection() instanceof ConnectionBase connection) {
            Channel channel = connection.channel();
            if (unsent(channel) > MOST_UNSENT_AHEAD) {
                Log.debugf("Dropped a connection that sent a request with its answers unread (%s)",
                        channel.remoteAddress());
                channel.close();
                return;
            }
            if (channel.hasAttr(CLOSING)) {
                // Behind an answer that ends the connection: never begun, and the close (or its deadline) ends it
                // without cutting that answer short.
                return;
            }
            ChannelPipeline pipeline = channel.pipeline();
            if (channel.eventLoop().inEventLoop() && pipeline.get(REQUESTS_AHEAD) == null
                    && pipeline.get(VERTX_HANDLER) != null) {
                // Its first request, begun as it was read: the requests behind it pass the counter before Vert.x.
                pipeline.addBefore(VERTX_HANDLER, REQUESTS_AHEAD, new RequestsAhead());
            }
        }
        context.next();
    }

    /**
     * The bytes queued on {@code channel} that its socket has not taken yet (Netty counts some 100 bytes more for each
     * buffer): those the kernel would not take, and answers written while the same read goes on, which wait for its
     * end to be offered to the socket. So a client that pipelines requests answered at once (refusals) loses its
     * connection after a dozen or so in one read, even if it reads: no SDK or browser pipelines, and leaving them out
     * would let one read's answers, as many as it holds requests, wait unsent.
     */
    private static long unsent(Channel channel) {
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        return queued == null ? 0 : queued.totalPendingWriteBytes();
    }

    /**
     * Counts a connection's requests as they are read and its answers as they are written, and closes it when the
     * client gets more than {@link #MOST_REQUESTS_AHEAD} ahead; what it sent after that is dropped unread.
     */
    private static final class RequestsAhead extends ChannelDuplexHandler {

        /** The request that installed it is one. */
        private int unanswered = 1;
        private boolean closed;

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            if (!closed && message instanceof HttpRequest && ++unanswered > MOST_REQUESTS_AHEAD) {
                Log.debugf("Dropped a connection with %d requests unanswered (%s)", unanswered,
                        context.channel().remoteAddress());
                closed = true;
                context.close();
            }
            if (closed) {
                ReferenceCountUtil.release(message);
            } else {
                context.fireChannelRead(message);
            }
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
            ChannelPromise written = promise;
            // An answer's last part (or the whole of it), but not a 100 Continue before the answer.
            if (message instanceof LastHttpContent
                    && !(message instanceof HttpResponse response && response.status().code() < 200)) {
                unanswered--;
                AnswerBudget.Hold hold = context.channel().attr(ANSWER_HOLD).getAndSet(null);
                if (hold != null) {
                    // Its bytes are in the socket once this completes, or never will be: either way, given back.
                    written = promise.unvoid();
                    written.addListener(sent -> hold.release());
                }
            }
            context.write(message, written);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) throws Exception {
            // An answer that was never written holds nothing once its connection is gone.
            AnswerBudget.Hold hold = context.channel().attr(ANSWER_HOLD).getAndSet(null);
            if (hold != null) {
                hold.release();
            }
            super.channelInactive(context);
        }
    }

    /**
     * Gives {@code hold} back once the answer to {@code request}, about to be written, has been handed to its socket
     * (or its connection is gone): an answer its client leaves unread keeps its length of the budget meanwhile.
     * HTTP/1.1 answers a connection's requests in order, one at a time, so the next answer written on it is this
     * one. A connection without its counter (none that the routers' guard saw: HTTP/2 is off) gives it back at once.
     */
    public static void releaseWhenSent(HttpServerRequest request, AnswerBudget.Hold hold) {
        if (request.connection() instanceof ConnectionBase connection
                && connection.channel().pipeline().get(REQUESTS_AHEAD) != null) {
            Channel channel = connection.channel();
            channel.attr(ANSWER_HOLD).set(hold);
            if (!channel.isActive()) {
                // Closed before the attribute was set: channelInactive has run and found none.
                channel.attr(ANSWER_HOLD).set(null);
                hold.release();
            }
        } else {
            hold.release();
        }
    }

    /**
     * Closes {@code connection} once what is queued on it is sent, or after {@value #CLOSE_GRACE_SECONDS} seconds
     * whether or not it is; requests the client has sent behind it are not begun from now on. Vert.x may have begun one
     * already, as the last answer was queued: where one can be waiting behind that answer, it is written through
     * {@link #closeAfter} instead. Once is enough: a connection already being closed is left to that.
     */
    public static void close(HttpConnection connection) {
        if (markClosing(connection)) {
            closeByDeadline(connection);
            connection.close();
        }
    }

    /**
     * Writes the answer that ends {@code connection} ({@code answer} queues it) and {@link #close closes} the
     * connection once it is written. The connection is marked first: Vert.x begins the next request its client
     * pipelined as soon as an answer is queued, before it is sent, and a mark set only once the answer was written let
     * that request (and those behind it) be answered too.
     */
    public static void closeAfter(HttpConnection connection, Supplier<Future<Void>> answer) {
        if (!markClosing(connection)) {
            answer.get();
            return;
        }
        closeByDeadline(connection);
        Future<Void> written;
        try {
            written = answer.get();
        } catch (RuntimeException | Error e) {
            // Marked, the connection begins no request: it is closed now rather than left to the deadline.
            connection.close();
            throw e;
        }
        written.onComplete(done -> connection.close());
    }

    /** Marks {@code connection} as being closed, so that no request on it is begun; false if it already was. */
    private static boolean markClosing(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            return base.channel().attr(CLOSING).setIfAbsent(Boolean.TRUE) == null;
        }
        return true;
    }

    /** Closes {@code connection} in {@value #CLOSE_GRACE_SECONDS} seconds if it is still open then. */
    private static void closeByDeadline(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            Channel channel = base.channel();
            ScheduledFuture<?> deadline = channel.eventLoop().schedule((Runnable) channel::close, CLOSE_GRACE_SECONDS,
                    TimeUnit.SECONDS);
            channel.closeFuture().addListener(closed -> deadline.cancel(false));
        }
    }

    /** Closes {@code connection} at once, with whatever is queued on it unsent. */
    public static void drop(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channel().close();
        } else {
            connection.close();
        }
    }
}
