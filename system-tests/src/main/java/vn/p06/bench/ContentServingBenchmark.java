package vn.p06.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.p06.fleet.FleetConfig;
import vn.p06.fleet.FleetServer;
import vn.p06.fleet.broker.EmbeddedBroker;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * Content serving, fleet server against nginx in the same run: the same blob files, the same
 * load ({@code wrk}, round-robin over every blob, keep-alive), MB/s of each. Then the bytes a
 * kiosk moves for a release where one video of twenty changed, against a full download.
 * <p>
 * Needs {@code nginx} and {@code wrk} (Debian packages); starts its own nginx on a free port.
 * {@code ./mvnw -q -pl system-tests exec:java -Dexec.mainClass=vn.p06.bench.ContentServingBenchmark
 * -Dexec.args="--videos 20 --video-mb 8 --seconds 10 --connections 8 --rounds 3"}
 */
public final class ContentServingBenchmark {
    private static final String ADMIN = "bench-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int videos = Integer.parseInt(options.getOrDefault("videos", "20"));
        int videoMb = Integer.parseInt(options.getOrDefault("video-mb", "8"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        int connections = Integer.parseInt(options.getOrDefault("connections", "8"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));

        Path dir = Files.createTempDirectory("content-bench");
        int mqttPort = freePort();
        FleetConfig config = new FleetConfig(dir.resolve("fleet"), "127.0.0.1", 0, mqttPort, Optional.empty(),
                EmbeddedBroker.Persistence.IN_MEMORY, ADMIN, "tcp://127.0.0.1:" + mqttPort, "http://127.0.0.1:0", "bench");
        try (FleetServer server = FleetServer.start(config, Clock.systemUTC())) {
            String fleet = "http://127.0.0.1:" + server.httpPort();
            Path files = Files.createDirectories(dir.resolve("files"));
            List<String> hashes = new ArrayList<>();
            Random random = new Random(1);
            for (int i = 0; i < videos; i++) {
                hashes.add(upload(fleet, files, "video-" + i + ".mp4", videoMb * 1024 * 1024, random));
            }
            Path nginxRoot = Files.createDirectories(dir.resolve("nginx-root"));
            for (String sha : hashes) {
                Files.copy(files.resolve(sha), nginxRoot.resolve(sha)); // nginx serves a copy of the same bytes
            }
            try (Nginx nginx = Nginx.start(dir.resolve("nginx"), nginxRoot)) {
                Path script = dir.resolve("paths.lua");
                Files.writeString(script, luaRoundRobin(hashes));
                System.out.printf(Locale.ROOT, "content serving: %d blobs x %d MiB, wrk -t2 -c%d -d%ds, %d rounds, "
                        + "%d cores%n", videos, videoMb, connections, seconds, rounds,
                        Runtime.getRuntime().availableProcessors());
                List<Double> fleetRates = new ArrayList<>();
                List<Double> nginxRates = new ArrayList<>();
                for (int round = 1; round <= rounds; round++) {
                    double f = wrk(fleet, script, connections, seconds);
                    double n = wrk("http://127.0.0.1:" + nginx.port, script, connections, seconds);
                    fleetRates.add(f);
                    nginxRates.add(n);
                    System.out.printf(Locale.ROOT, "round %d: fleet %.0f MB/s, nginx %.0f MB/s, ratio %.2f%n",
                            round, f, n, f / n);
                }
                double f = median(fleetRates);
                double n = median(nginxRates);
                System.out.printf(Locale.ROOT, "median: fleet %.0f MB/s, nginx %.0f MB/s, fleet/nginx %.2f%n", f, n, f / n);
            }
            oneVideoChange(fleet, files, hashes, videoMb, random);
        }
    }

    /** A kiosk syncs release 1, then release 2 where one video of the playlist changed. */
    private static void oneVideoChange(String fleet, Path files, List<String> hashes, int videoMb, Random random)
            throws Exception {
        admin(fleet, "PUT", "/api/content/playlists/attract",
                Map.of("items", hashes.stream().map(sha -> Map.of("sha256", sha)).toList()));
        admin(fleet, "POST", "/api/content/releases", Map.of("release", "bench-1", "playlists", List.of("attract")));
        List<String> changed = new ArrayList<>(hashes);
        changed.set(changed.size() / 2, upload(fleet, files, "video-changed.mp4", videoMb * 1024 * 1024, random));
        admin(fleet, "PUT", "/api/content/playlists/attract",
                Map.of("items", changed.stream().map(sha -> Map.of("sha256", sha)).toList()));
        admin(fleet, "POST", "/api/content/releases", Map.of("release", "bench-2", "playlists", List.of("attract")));

        Set<String> held = new HashSet<>();
        long full = sync(fleet, "bench-1", held);
        long delta = sync(fleet, "bench-2", held);
        long fresh = sync(fleet, "bench-2", new HashSet<>());
        System.out.printf(Locale.ROOT, "one video of %d changed: kiosk holding bench-1 moved %,d bytes for bench-2; "
                + "a kiosk without content moves %,d (first sync moved %,d); %.1f%% of a full download%n",
                hashes.size(), delta, fresh, full, 100.0 * delta / fresh);
    }

    /** Downloads the release's blobs not in {@code held}, as the kiosk updater does; returns bytes moved. */
    private static long sync(String fleet, String release, Set<String> held) throws Exception {
        ReleaseManifest manifest = ManifestCodec.parse(get(fleet + ContentPaths.manifest(release)));
        long moved = 0;
        for (ReleaseManifest.Blob blob : manifest.blobs()) {
            if (held.add(blob.sha256())) {
                moved += get(fleet + ContentPaths.blob(blob.sha256())).length;
            }
        }
        return moved;
    }

    private static String upload(String fleet, Path files, String name, int size, Random random) throws Exception {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        String sha = ManifestCodec.sha256Hex(bytes);
        Path file = files.resolve(sha);
        Files.write(file, bytes);
        JsonNode created = admin(fleet, "POST", "/api/content/uploads", Map.of("name", name, "size", size, "sha256", sha));
        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(URI.create(fleet + "/api/content/uploads/"
                        + created.get("id").asText())).header("Authorization", "Bearer " + ADMIN)
                .header("Upload-Offset", "0").method("PATCH", HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IOException("upload of " + name + ": HTTP " + done.statusCode() + " " + done.body());
        }
        return sha;
    }

    private static JsonNode admin(String fleet, String method, String path, Object body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fleet + path))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IOException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static byte[] get(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static String luaRoundRobin(List<String> hashes) {
        StringBuilder lua = new StringBuilder("local paths = {\n");
        hashes.forEach(sha -> lua.append("  \"").append(ContentPaths.blob(sha)).append("\",\n"));
        lua.append("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
                + "  return wrk.format(\"GET\", paths[(i % #paths) + 1])\nend\n");
        return lua.toString();
    }

    private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+([\\d.]+)([KMG]?B)");

    /** MB/s (10^6 bytes) that wrk measured. */
    private static double wrk(String base, Path script, int connections, int seconds) throws Exception {
        Process process = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "-s",
                script.toString(), base).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("wrk failed: " + output);
        }
        if (output.contains("Non-2xx")) {
            throw new IOException("wrk saw errors against " + base + ":\n" + output);
        }
        Matcher m = TRANSFER.matcher(output);
        if (!m.find()) {
            throw new IOException("no Transfer/sec in wrk output:\n" + output);
        }
        double value = Double.parseDouble(m.group(1));
        double bytes = switch (m.group(2)) {
            case "GB" -> value * 1024 * 1024 * 1024;
            case "MB" -> value * 1024 * 1024;
            case "KB" -> value * 1024;
            default -> value;
        };
        return bytes / 1_000_000;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Debian's nginx with a generated config: sendfile, keep-alive, no access log, ETag, on a free port. */
    private static final class Nginx implements AutoCloseable {
        final int port;
        private final Process process;

        private Nginx(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        static Nginx start(Path prefix, Path root) throws Exception {
            Files.createDirectories(prefix.resolve("tmp"));
            int port = freePort();
            boolean root0 = "root".equals(System.getProperty("user.name"));
            String conf = (root0 ? "user root;\n" : "") + """
                    worker_processes auto;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 1024; }
                    http {
                      access_log off;
                      sendfile on;
                      tcp_nopush on;
                      keepalive_requests 1000000;
                      default_type application/octet-stream;
                      client_body_temp_path %1$s/tmp/body;
                      proxy_temp_path %1$s/tmp/proxy;
                      fastcgi_temp_path %1$s/tmp/fastcgi;
                      uwsgi_temp_path %1$s/tmp/uwsgi;
                      scgi_temp_path %1$s/tmp/scgi;
                      server {
                        listen 127.0.0.1:%2$d;
                        location /content/v1/blobs/ { alias %3$s/; }
                      }
                    }
                    """.formatted(prefix, port, root);
            Path file = prefix.resolve("nginx.conf");
            Files.writeString(file, conf);
            Process process = new ProcessBuilder("nginx", "-c", file.toString(), "-p", prefix.toString())
                    .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
            for (int i = 0; i < 100; i++) {
                try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                    return new Nginx(port, process);
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        throw new IOException("nginx did not start: " + Files.readString(prefix.resolve("stdout.log")));
                    }
                    TimeUnit.MILLISECONDS.sleep(50); // waiting for a daemon to listen, not synchronising a test
                }
            }
            process.destroyForcibly();
            throw new IOException("nginx did not listen on " + port);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
