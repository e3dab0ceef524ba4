package vn.p06.fleet.content;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import vn.p06.fleet.http.Response;

/** Writes a route-style {@link Response} from the streaming handlers, which sit before the router. */
final class Replies {
    private Replies() {
    }

    /** @param keepAlive false closes the connection after the answer */
    static ChannelFuture send(ChannelHandlerContext ctx, Response response, boolean keepAlive) {
        ChannelFuture written = write(ctx, response, keepAlive);
        return keepAlive ? written : written.addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * Answers a request whose body is still coming, announcing {@code Connection: close}; the caller
     * drops the rest of the body and closes after it. Closing at once would make the kernel reset
     * the connection over the unread bytes, and the client would often lose the answer.
     */
    static void sendBeforeBodyEnds(ChannelHandlerContext ctx, Response response) {
        write(ctx, response, false);
    }

    private static ChannelFuture write(ChannelHandlerContext ctx, Response response, boolean keepAlive) {
        FullHttpResponse http = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, response.status(),
                Unpooled.wrappedBuffer(response.body()));
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
        http.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        http.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        http.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().forEach(http.headers()::set);
        if (!keepAlive) {
            http.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return ctx.writeAndFlush(http);
    }

    static void error(ChannelHandlerContext ctx, HttpResponseStatus status, String message, boolean keepAlive) {
        send(ctx, Response.error(status, message), keepAlive);
    }
}
