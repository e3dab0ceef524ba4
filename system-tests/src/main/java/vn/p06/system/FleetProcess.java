package vn.p06.system;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fleet server as its own process, started with its real command line, so that a test can
 * kill it with SIGKILL mid-stream (a crash, not a clean stop) and start it again on the same data.
 */
public final class FleetProcess implements AutoCloseable {
    public static final String ADMIN_TOKEN = "system-test-admin-token-0123";

    private final Path dataDir;
    private final int httpPort;
    private final int mqttPort;
    private final List<String> extraArgs;
    private final List<String> jvmArgs = new ArrayList<>();
    private Process process;

    public FleetProcess(Path dataDir, int httpPort, int mqttPort, String... extraArgs) throws IOException {
        this.dataDir = dataDir;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        this.extraArgs = List.of(extraArgs);
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("admin.token"), ADMIN_TOKEN + "\n");
    }

    /** More JVM options for the server (a profiler, GC logging), before the next {@link #start()}. */
    public FleetProcess withJvmArgs(List<String> args) {
        jvmArgs.addAll(args);
        return this;
    }

    public FleetProcess start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "vn.p06.fleet.FleetMain",
                "--data-dir", dataDir.toString(), "--http-port", Integer.toString(httpPort),
                "--mqtt-port", Integer.toString(mqttPort)));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()))
                .start();
        Process started = process;
        // A test JVM that is itself killed must not leave servers behind on the machine.
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "kill-fleet-process"));
        HttpClient http = HttpClient.newHttpClient();
        try {
            // Generous: HiveMQ alone takes 20+ s to start on a loaded 2-core machine.
            await("fleet server up").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("fleet server died: " + Files.readString(dataDir.resolve("server.log")));
                }
                try {
                    return http.send(HttpRequest.newBuilder(URI.create(url() + "/healthz")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            // The caller's try-with-resources never got this object: stop the process here.
            process.destroyForcibly();
            throw e;
        }
        return this;
    }

    /** The server's process id (for CPU accounting in load generators). */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no drain, no clean broker stop. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the server drains ingest and closes the database. */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    /** Heap use after a full GC, as the JVM itself reports it ({@code jcmd GC.heap_info}). */
    public String heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        String text = jcmd("GC.heap_info");
        return text.lines().filter(line -> line.contains("total") && line.contains("used")).findFirst()
                .map(String::strip).orElse(text);
    }

    /** Runs a {@code jcmd} diagnostic command on the server (a GC, a JFR dump) and returns its output. */
    public String jcmd(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid())));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String text = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor();
        return text;
    }

    Path tokenFile() {
        return dataDir.resolve("admin.token");
    }

    Path databaseDir() {
        return dataDir.resolve("db");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
