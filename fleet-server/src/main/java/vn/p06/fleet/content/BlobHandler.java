package vn.p06.fleet.content;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Optional;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * {@code GET|HEAD /content/v1/blobs/{sha256}}: blobs straight from the file with a zero-copy
 * {@link DefaultFileRegion} (sendfile), one byte range per request ({@code Range: bytes=a-b}, so an
 * interrupted download continues where it stopped), {@code ETag} = the hash and
 * {@code If-None-Match} → 304. Blobs are public: they are named by hash and a kiosk verifies every
 * one against its signed manifest. Anything under the prefix that is not a 64-hex hash is a 400,
 * so no path can leave the store. One instance per connection (it swallows the GET's empty body).
 */
final class BlobHandler extends ChannelInboundHandlerAdapter {
    static final String PATH = ContentPaths.PREFIX + "/blobs/";

    private final BlobStore store;
    private boolean swallowing;

    BlobHandler(BlobStore store) {
        this.store = store;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        if (msg instanceof HttpRequest request && isBlobRequest(request)) {
            try {
                swallowing = !(msg instanceof LastHttpContent);
                serve(ctx, request);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        } else if (swallowing && msg instanceof HttpContent) {
            swallowing = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private static boolean isBlobRequest(HttpRequest request) {
        return (request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD))
                && request.uri().startsWith(PATH);
    }

    private void serve(ChannelHandlerContext ctx, HttpRequest request) throws IOException {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String sha256 = new QueryStringDecoder(request.uri()).path().substring(PATH.length());
        if (!ReleaseManifest.isSha256(sha256)) {
            Replies.error(ctx, HttpResponseStatus.BAD_REQUEST, "a blob is named by its SHA-256: 64 lower-case hex digits",
                    keepAlive);
            return;
        }
        Optional<Path> file = store.blob(sha256);
        if (file.isEmpty()) {
            Replies.error(ctx, HttpResponseStatus.NOT_FOUND, "no blob " + sha256, keepAlive);
            return;
        }
        String etag = "\"" + sha256 + "\"";
        if (matches(request.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
            HttpResponse notModified = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
            notModified.headers().set(HttpHeaderNames.ETAG, etag);
            finish(ctx, notModified, null, keepAlive);
            return;
        }
        RandomAccessFile raf = new RandomAccessFile(file.get().toFile(), "r");
        long size = raf.length();
        ByteRange range = ByteRange.parse(request.headers().get(HttpHeaderNames.RANGE), size);
        String ifRange = request.headers().get(HttpHeaderNames.IF_RANGE);
        if (ifRange != null && !ifRange.equals(etag)) {
            range = ByteRange.whole(size); // the client's partial copy is of other bytes: send all
        }
        if (range.unsatisfiable()) {
            raf.close();
            HttpResponse refused = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            refused.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + size);
            finish(ctx, refused, null, keepAlive);
            return;
        }
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                range.partial() ? HttpResponseStatus.PARTIAL_CONTENT : HttpResponseStatus.OK);
        response.headers().set(HttpHeaderNames.ETAG, etag);
        response.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
        // Named by hash: the bytes behind this URL never change.
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        if (range.partial()) {
            response.headers().set(HttpHeaderNames.CONTENT_RANGE,
                    "bytes " + range.first() + "-" + range.last() + "/" + size);
        }
        HttpUtil.setContentLength(response, range.length());
        if (request.method().equals(HttpMethod.HEAD)) {
            raf.close();
            finish(ctx, response, null, keepAlive);
            return;
        }
        finish(ctx, response, new DefaultFileRegion(raf.getChannel(), range.first(), range.length()), keepAlive);
    }

    /** Headers, then the file region (released, and the file closed, when written), then the end. */
    private static void finish(ChannelHandlerContext ctx, HttpResponse response, DefaultFileRegion body,
                               boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (!HttpUtil.isContentLengthSet(response)
                && !response.status().equals(HttpResponseStatus.NOT_MODIFIED)) {
            HttpUtil.setContentLength(response, 0);
        }
        ctx.write(response);
        if (body != null) {
            ctx.write(body);
        }
        ChannelFuture done = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
