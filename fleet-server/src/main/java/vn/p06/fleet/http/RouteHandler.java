package vn.p06.fleet.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches an aggregated request to its route and writes the answer. Runs on the blocking
 * executor group (routes touch the database), never on Netty's event loop.
 */
@ChannelHandler.Sharable
final class RouteHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(RouteHandler.class);

    private final Router router;

    RouteHandler(Router router) {
        this.router = router;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
        Response response;
        if (!message.decoderResult().isSuccess()) {
            response = Response.error(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request");
        } else {
            response = answer(message);
        }
        write(ctx, message, response);
    }

    private Response answer(FullHttpRequest message) {
        QueryStringDecoder uri = new QueryStringDecoder(message.uri());
        try {
            Router.Match match = router.match(message.method(), uri.path());
            Request request = new Request(message.method(), uri.path(), match.parameters(), uri.parameters(),
                    message.headers(), ByteBufUtil.getBytes(message.content()));
            return match.handler().handle(request);
        } catch (HttpError e) {
            return Response.error(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return Response.error(HttpResponseStatus.BAD_REQUEST, e.getMessage());
        } catch (Exception e) {
            log.error("{} {} failed", message.method(), uri.path(), e);
            return Response.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the server log");
        }
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest request, Response response) {
        FullHttpResponse http = new DefaultFullHttpResponse(request.protocolVersion(), response.status(),
                Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        http.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().forEach(http.headers()::set);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(http);
        } else {
            ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection closed on error: {}", cause.toString());
        ctx.close();
    }
}
