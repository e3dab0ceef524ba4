package vn.p06.fleet.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.http.Authenticator;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Principal;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.live.LiveEvents;

/**
 * {@code GET /api/events}: the live bus as Server-Sent Events, one connection per open page. A
 * streaming handler ahead of the aggregator: it authenticates the request itself (session cookie
 * or token), sends each event the caller may see ({@code event: <type>}, {@code data: <json>}), and
 * a comment every {@value #HEARTBEAT_SECONDS} s that keeps proxies and the idle timeout quiet.
 * <p>
 * A browser that cannot keep up (the socket's buffer is full) is disconnected rather than
 * buffered without bound; EventSource reconnects and the page reloads its state, so a slow
 * browser loses nothing and never slows ingest (which publishes).
 */
public final class LiveStream extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    public static final String PATH = "/api/events";
    static final int HEARTBEAT_SECONDS = 20;
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** Which permission each event type needs; types not listed are not streamed. */
    private static final Map<String, Permission> NEEDS = Map.of(
            "presence", Permission.FLEET_READ,
            "health", Permission.FLEET_READ,
            "alert", Permission.FLEET_READ,
            "command", Permission.FLEET_READ,
            "rollout", Permission.CONTENT_READ);

    private final LiveEvents live;
    private final Authenticator authenticator;
    private final ExecutorService blocking;
    /** True between the stream's request head and its end: its body parts are swallowed here. */
    private boolean streaming;
    private AutoCloseable subscription;
    private ScheduledFuture<?> heartbeat;

    private LiveStream(LiveEvents live, Authenticator authenticator, ExecutorService blocking) {
        this.live = live;
        this.authenticator = authenticator;
        this.blocking = blocking;
    }

    /**
     * @param blocking where authentication runs (it reads the session table): not the event loop
     */
    public static Supplier<ChannelHandler> factory(LiveEvents live, Authenticator authenticator,
                                                   ExecutorService blocking) {
        return () -> new LiveStream(live, authenticator, blocking);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (message instanceof HttpRequest request) {
            streaming = PATH.equals(new QueryStringDecoder(request.uri()).path());
            if (!streaming) {
                ctx.fireChannelRead(message);
                return;
            }
            ReferenceCountUtil.release(message);
            Request head = new Request(request.method(), PATH, Map.of(), Map.of(), request.headers(), new byte[0]);
            blocking.execute(() -> {
                Outcome outcome = authorize(request.method(), head);
                ctx.executor().execute(() -> start(ctx, request, outcome));
            });
        } else if (streaming && message instanceof HttpContent) {
            ReferenceCountUtil.release(message);
        } else {
            ctx.fireChannelRead(message);
        }
    }

    private record Outcome(Principal principal, HttpResponseStatus refusal, String reason) {
    }

    private Outcome authorize(HttpMethod method, Request head) {
        if (!HttpMethod.GET.equals(method)) {
            return new Outcome(null, HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only");
        }
        try {
            Optional<Principal> principal = authenticator.authenticate(head);
            if (principal.isEmpty()) {
                return new Outcome(null, HttpResponseStatus.UNAUTHORIZED, "log in first");
            }
            if (!principal.get().can(Permission.FLEET_READ) && !principal.get().can(Permission.CONTENT_READ)) {
                return new Outcome(null, HttpResponseStatus.FORBIDDEN, "no live events for this role");
            }
            return new Outcome(principal.get(), null, null);
        } catch (HttpError e) {
            return new Outcome(null, e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("live stream authentication failed", e);
            return new Outcome(null, HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log");
        }
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request, Outcome outcome) {
        if (outcome.principal() == null) {
            byte[] body = ("{\"error\":" + quote(outcome.reason()) + "}").getBytes(StandardCharsets.UTF_8);
            DefaultFullHttpResponse refusal = new DefaultFullHttpResponse(request.protocolVersion(), outcome.refusal(),
                    Unpooled.wrappedBuffer(body));
            refusal.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8")
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            ctx.writeAndFlush(refusal).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        HttpResponse response = new DefaultHttpResponse(request.protocolVersion(), HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
                .set("X-Content-Type-Options", "nosniff");
        ctx.write(response);
        // retry: how long EventSource waits before reconnecting after a drop
        send(ctx, "retry: 2000\n: connected\n\n");
        Principal principal = outcome.principal();
        subscription = live.subscribe(event -> {
            Permission needed = NEEDS.get(event.type());
            if (needed == null || !principal.can(needed)) {
                return;
            }
            if (!ctx.channel().isWritable()) {
                ctx.close();
                return;
            }
            send(ctx, "event: " + event.type() + "\ndata: " + json(event) + "\n\n");
        });
        heartbeat = ctx.executor().scheduleAtFixedRate(() -> send(ctx, ": ping\n\n"),
                HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    private static void send(ChannelHandlerContext ctx, String text) {
        ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        ctx.writeAndFlush(new DefaultHttpContent(bytes));
    }

    private static String json(LiveEvents.Event event) {
        try {
            return JSON.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("live event not serialisable: " + event.type(), e);
        }
    }

    private static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (subscription != null) {
            subscription.close();
        }
        super.channelInactive(ctx);
    }
}
