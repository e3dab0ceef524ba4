package vn.p06.fleet.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;

/**
 * The dashboard's pages, scripts and styles from the class path ({@code web/}), and Chart.js
 * from its WebJar. Each file is one path segment matched against a strict pattern, so no request
 * can name a file outside these two folders: {@code ..}, {@code %2e%2e}, encoded slashes and
 * absolute paths are refused before the class path is touched.
 * <p>
 * Every answer carries a Content-Security-Policy without {@code unsafe-inline}: pages load only
 * their own scripts, so a value that slipped past escaping still could not run.
 */
public final class StaticFiles {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*(\\.[A-Za-z0-9]+)+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "md", "text/plain; charset=utf-8");
    private static final String CHARTJS = "META-INF/resources/webjars/chartjs/" + webjarVersion("chartjs") + "/";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public void register(Router router) {
        router.get("/", request -> new Response(HttpResponseStatus.FOUND, "text/plain; charset=utf-8", new byte[0])
                        .withHeader("Location", "/ui/fleet.html"))
              .get("/ui/{file}", request -> serve("web/", request))
              .get("/webjars/chartjs/{file}", request -> serve(CHARTJS + "dist/", request))
              .get("/webjars/chartjs/licence/{file}", request -> serve(CHARTJS, request));
    }

    private Response serve(String folder, Request request) {
        String file = request.pathParameter("file");
        if (!FILE.matcher(file).matches()) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "not a file name: " + file);
        }
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        if (type == null) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no such file: " + file);
        }
        byte[] body = cache.computeIfAbsent(folder + file, StaticFiles::read);
        if (body.length == 0) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "no such file: " + file);
        }
        return withSecurityHeaders(new Response(HttpResponseStatus.OK, type, body));
    }

    static Response withSecurityHeaders(Response response) {
        return response.withHeader("Content-Security-Policy", CSP)
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer");
    }

    /** Empty when missing (cached too: a missing file stays missing in a built jar). */
    private static byte[] read(String resource) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion(String artifact) {
        String resource = "META-INF/maven/org.webjars/" + artifact + "/pom.properties";
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("WebJar " + artifact + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
