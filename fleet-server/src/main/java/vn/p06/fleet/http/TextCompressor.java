package vn.p06.fleet.http;

import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import java.util.Locale;
import java.util.Set;

/**
 * Gzips the router's text answers (JSON, HTML, CSS, JS, SVG, plain text) for a client that sends
 * {@code Accept-Encoding: gzip}; the dashboard's fleet list at 10,000 kiosks shrinks from megabytes
 * to a few hundred kilobytes. Images and other compressed types go as they are. It sits after the
 * streaming handlers in the pipeline, so blobs sent zero-copy, byte ranges and the event stream never
 * reach it. One per connection: it remembers each request's Accept-Encoding until its answer.
 */
final class TextCompressor extends HttpContentCompressor {
    /** Below this, gzip's header and block cost about what they save. */
    static final int MIN_BYTES = 1024;
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/javascript",
            "text/javascript", "text/html", "text/css", "text/plain", "text/csv", "image/svg+xml");

    TextCompressor() {
        super(MIN_BYTES, StandardCompressionOptions.gzip());
    }

    @Override
    protected Result beginEncode(HttpResponse response, String acceptEncoding) throws Exception {
        CharSequence mime = HttpUtil.getMimeType(response);
        if (mime == null || !TEXT_TYPES.contains(mime.toString().toLowerCase(Locale.ROOT))) {
            return null;
        }
        // The answer depends on the request's Accept-Encoding: a cache must not hand one to the other.
        response.headers().add(HttpHeaderNames.VARY, "Accept-Encoding");
        return super.beginEncode(response, acceptEncoding);
    }
}
