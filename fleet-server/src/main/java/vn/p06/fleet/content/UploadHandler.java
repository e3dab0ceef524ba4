package vn.p06.fleet.content;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.http.Authenticator;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;

/**
 * {@code PATCH /api/content/uploads/{id}} with {@code Upload-Offset}: streams the body straight
 * to the upload's partial file as it arrives (never aggregated), so a GB video needs no memory and
 * a dropped connection keeps every byte that arrived. Other requests pass on untouched. One
 * instance per connection (it holds the transfer of the request in progress).
 */
final class UploadHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(UploadHandler.class);
    static final String PATH = "/api/content/uploads/";
    static final String OFFSET = "Upload-Offset";

    private final Uploads uploads;
    private final Authenticator authenticator;
    private final Executor completions;
    private Uploads.Transfer transfer;
    /** After an error answer, the rest of that request's body is dropped, then the connection closed. */
    private boolean discarding;
    private boolean keepAlive;

    UploadHandler(Uploads uploads, Authenticator authenticator, Executor completions) {
        this.uploads = uploads;
        this.authenticator = authenticator;
        this.completions = completions;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && isUpload(request)) {
            try {
                start(ctx, request);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        } else if (msg instanceof HttpContent content && (transfer != null || discarding)) {
            try {
                body(ctx, content);
            } finally {
                content.release();
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private static boolean isUpload(HttpRequest request) {
        return request.method().equals(HttpMethod.PATCH) && request.uri().startsWith(PATH);
    }

    private void start(ChannelHandlerContext ctx, HttpRequest request) {
        keepAlive = HttpUtil.isKeepAlive(request);
        String path = new QueryStringDecoder(request.uri()).path();
        try {
            Request asRoute = new Request(request.method(), path, Map.of(), Map.of(), request.headers(), new byte[0]);
            var principal = authenticator.authenticate(asRoute)
                    .orElseThrow(() -> new HttpError(HttpResponseStatus.UNAUTHORIZED, "log in first"));
            if (!principal.can(Permission.CONTENT_WRITE)) {
                throw new HttpError(HttpResponseStatus.FORBIDDEN, principal.name() + " may not upload content");
            }
            long offset = parseOffset(request.headers().get(OFFSET));
            // One primary-key read on the event loop, once per PATCH (not per chunk).
            UploadInfo upload = uploads.find(path.substring(PATH.length()));
            transfer = uploads.begin(upload, offset, ctx::close);
            if (request instanceof HttpContent content) {
                body(ctx, content);
            }
        } catch (HttpError e) {
            refuse(ctx, request, e.status(), e.getMessage());
        } catch (IOException e) {
            log.error("upload {} could not start", path, e);
            refuse(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, "cannot open the upload: " + e.getMessage());
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, String message) {
        answerAndDrop(ctx, Response.error(status, message), request instanceof LastHttpContent);
    }

    /** Answers now; a body still coming is dropped, and the connection closes after it. */
    private void answerAndDrop(ChannelHandlerContext ctx, Response response, boolean bodyEnded) {
        if (bodyEnded) {
            Replies.send(ctx, response, false);
        } else {
            discarding = true;
            Replies.sendBeforeBodyEnds(ctx, response);
        }
    }

    private void body(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (discarding) {
            if (last) {
                discarding = false;
                ctx.close();
            }
            return;
        }
        Uploads.Transfer current = transfer;
        try {
            if (content.content().isReadable()) {
                current.write(content.content().nioBuffers());
            }
            if (last) {
                transfer = null;
                current.finish();
                answer(ctx, current);
            }
        } catch (HttpError e) {
            fail(ctx, current, last, e.status(), e.getMessage());
        } catch (IOException e) {
            // ENOSPC and friends: what reached the disk stays, the offset says how much.
            String why = isDiskFull(e) ? "disk full on the server: " : "cannot write the upload: ";
            log.error("upload {}: {}{}", current.upload().id(), why, e.toString());
            fail(ctx, current, last, isDiskFull(e) ? HttpResponseStatus.INSUFFICIENT_STORAGE
                    : HttpResponseStatus.INTERNAL_SERVER_ERROR, why + e.getMessage()
                    + "; the upload is kept at offset " + current.offset() + ", resume it later");
        }
    }

    private void fail(ChannelHandlerContext ctx, Uploads.Transfer current, boolean last, HttpResponseStatus status,
                      String message) {
        transfer = null;
        try {
            current.finish();
        } catch (IOException e) {
            log.debug("closing upload {}: {}", current.upload().id(), e.toString());
        }
        answerAndDrop(ctx, Response.error(status, message).withHeader(OFFSET, Long.toString(current.offset())), last);
    }

    private void answer(ChannelHandlerContext ctx, Uploads.Transfer done) {
        long offset = done.offset();
        if (!done.isComplete()) {
            Replies.send(ctx, new Response(HttpResponseStatus.NO_CONTENT, "text/plain", new byte[0])
                    .withHeader(OFFSET, Long.toString(offset)), keepAlive);
            return;
        }
        // Hashing a GB file takes seconds: never on the event loop.
        boolean keep = keepAlive;
        completions.execute(() -> {
            Response response = Response.error(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "upload complete but not stored; see the server log, then PATCH an empty body to retry");
            try {
                response = Response.json(HttpResponseStatus.CREATED, uploads.complete(done.upload()));
            } catch (HttpError e) {
                response = Response.error(e.status(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                log.error("upload {} could not be stored", done.upload().id(), e);
            } finally {
                // Answered even when an Error escapes: the uploader must not wait for the idle timeout.
                Replies.send(ctx, response.withHeader(OFFSET, Long.toString(offset)), keep);
            }
        });
    }

    private static long parseOffset(String header) {
        try {
            long offset = Long.parseLong(header == null ? "" : header.strip());
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new HttpError(HttpResponseStatus.BAD_REQUEST, "Upload-Offset header must be a byte offset >= 0");
    }

    static boolean isDiskFull(IOException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("No space left") || message.contains("Disk quota");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        Uploads.Transfer current = transfer;
        transfer = null;
        if (current != null) {
            // A dropped link: the bytes so far stay; the uploader HEADs for the offset and resumes.
            log.info("upload {}: connection lost at offset {}", current.upload().id(), current.offset());
            current.finish();
        }
        super.channelInactive(ctx);
    }
}
