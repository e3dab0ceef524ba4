package vn.p06.fleet.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.p06.fleet.TestFleet;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ManifestCodec;

/** Blob downloads as kiosks make them: Range, ETag, conditional GET, HEAD; and paths that must not work. */
class BlobServingTest {
    @TempDir
    static Path dataDir;
    static TestFleet fleet;
    static byte[] blob;
    static String sha;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        fleet = TestFleet.start(dataDir);
        blob = UploadTest.randomBytes(200_000, 7);
        sha = new ContentClient(fleet.server.httpPort()).upload("clip.mp4", blob).get("sha256").asText();
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    private static HttpResponse<byte[]> get(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(new ContentClient(fleet.server.httpPort()).uri(path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aWholeBlobComesWithItsHashAsETagAndNoLogin() throws Exception {
        HttpResponse<byte[]> response = get("GET", ContentPaths.blob(sha));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(blob);
        assertThat(response.headers().firstValue("ETag")).contains("\"" + sha + "\"");
        assertThat(response.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(ManifestCodec.sha256Hex(response.body())).isEqualTo(sha);
    }

    @Test
    void aClientThatAcceptsGzipStillGetsTheStoredBytesWholeAndInRanges() throws Exception {
        HttpResponse<byte[]> whole = get("GET", ContentPaths.blob(sha), "Accept-Encoding", "gzip");
        assertThat(whole.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(blob.length);
        assertThat(whole.body()).isEqualTo(blob);

        HttpResponse<byte[]> range = get("GET", ContentPaths.blob(sha), "Accept-Encoding", "gzip",
                "Range", "bytes=1000-1999");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(blob, 1000, 2000));
    }

    @Test
    void aRangeContinuesAnInterruptedDownload() throws Exception {
        HttpResponse<byte[]> middle = get("GET", ContentPaths.blob(sha), "Range", "bytes=1000-1999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 1000-1999/200000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(blob, 1000, 2000));

        HttpResponse<byte[]> rest = get("GET", ContentPaths.blob(sha), "Range", "bytes=150000-");
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(blob, 150_000, 200_000));

        HttpResponse<byte[]> tail = get("GET", ContentPaths.blob(sha), "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(blob, 199_990, 200_000));

        HttpResponse<byte[]> past = get("GET", ContentPaths.blob(sha), "Range", "bytes=200000-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).contains("bytes */200000");

        HttpResponse<byte[]> otherCopy = get("GET", ContentPaths.blob(sha), "Range", "bytes=10-19",
                "If-Range", "\"" + "0".repeat(64) + "\"");
        assertThat(otherCopy.statusCode()).as("If-Range of other bytes sends everything").isEqualTo(200);
        assertThat(otherCopy.body()).isEqualTo(blob);
    }

    @Test
    void aKioskThatHasTheBlobGets304AndHeadGivesTheSizeOnly() throws Exception {
        HttpResponse<byte[]> notModified = get("GET", ContentPaths.blob(sha), "If-None-Match", "\"" + sha + "\"");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();

        HttpResponse<byte[]> head = get("HEAD", ContentPaths.blob(sha));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains("200000");
        assertThat(head.body()).isEmpty();

        // The connection stays usable after HEAD and 304: the next GET on it is whole.
        assertThat(get("GET", ContentPaths.blob(sha)).body()).isEqualTo(blob);
    }

    @Test
    void anUnknownHashIs404() throws Exception {
        assertThat(get("GET", ContentPaths.blob("ab".repeat(32))).statusCode()).isEqualTo(404);
    }

    /** Sent raw: an HTTP client would normalise the dots away before the server saw them. */
    @ParameterizedTest
    @ValueSource(strings = {"../../content.key", "..%2F..%2Fcontent.key", "%2e%2e/%2e%2e/content.key",
            "ab/../../../content.key", "/etc/passwd", "ABCDEF", "..", ""})
    void pathsThatAreNotAHashNeverReachAFile(String name) throws Exception {
        assertThat(Files.exists(dataDir.resolve("content.key"))).isTrue();
        String answer = raw("GET " + ContentPaths.PREFIX + "/blobs/" + name + " HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n");
        String status = answer.lines().findFirst().orElse("");
        assertThat(status).matches("HTTP/1.1 (400|404) .*");
        assertThat(answer).doesNotContain(Files.readString(dataDir.resolve("content.key")).lines().findFirst().get());
    }

    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", fleet.server.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
