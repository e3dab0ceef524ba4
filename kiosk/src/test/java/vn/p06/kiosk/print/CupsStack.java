package vn.p06.kiosk.print;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real CUPS for tests: cupsd (started here in the foreground unless one already runs, stopped
 * at the end only if started here), a queue on the cups-pdf virtual printer whose PDFs land in
 * {@link #output()}, and a queue on a fake backend that stops with {@code media-empty-error} like
 * a printer out of paper. Needs root (lpadmin, the backend directory) as CI runs; one per test JVM.
 */
final class CupsStack implements ParameterResolver, ExtensionContext.Store.CloseableResource, AutoCloseable {
    static final String PDF_QUEUE = "kiosk-test-a4";
    static final String PAPER_OUT_QUEUE = "kiosk-test-paper-out";
    private static final Path OUTPUT = Path.of("/var/spool/cups-pdf/kiosk-test");
    private static final Path BACKEND = Path.of("/usr/lib/cups/backend/kiosk-fake");
    private static final String FAKE_BACKEND = """
            #!/bin/sh
            # Test backend: a printer that reports the state in its device URI (kiosk-fake:/media-empty-error).
            if [ $# -eq 0 ]; then echo 'direct kiosk-fake "Unknown" "Kiosk test printer"'; exit 0; fi
            REASON="${DEVICE_URI#kiosk-fake:/}"
            echo "STATE: +$REASON" >&2
            echo "ERROR: simulated $REASON" >&2
            cat "${6:-/dev/stdin}" > /dev/null
            exit 4
            """;

    private Process cupsd;

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == CupsStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        return c.getRoot().getStore(ExtensionContext.Namespace.create(CupsStack.class))
                .getOrComputeIfAbsent("cups", k -> {
                    try {
                        return new CupsStack().start();
                    } catch (Exception e) {
                        throw new IllegalStateException("could not start CUPS for the print tests", e);
                    }
                }, CupsStack.class);
    }

    /** Starts (or joins) CUPS and sets up the test queues; {@link #close()} stops what it started. */
    CupsStack start() throws Exception {
        for (String bin : List.of("/usr/sbin/cupsd", "/usr/sbin/lpadmin", "/usr/lib/cups/backend/cups-pdf")) {
            if (!Files.isExecutable(Path.of(bin))) {
                throw new IllegalStateException("print tests need " + bin
                        + " (apt-get install cups cups-client cups-bsd printer-driver-cups-pdf)");
            }
        }
        Files.createDirectories(OUTPUT);
        Files.setPosixFilePermissions(OUTPUT, PosixFilePermissions.fromString("rwxrwxrwx"));
        // cups-pdf reads its configuration per job: PDFs of every user go to one known directory.
        Path conf = Path.of("/etc/cups/cups-pdf.conf");
        String text = Files.readString(conf).replaceAll("(?m)^#?Out .*$", "Out " + OUTPUT)
                .replaceAll("(?m)^#?AnonDirName .*$", "AnonDirName " + OUTPUT);
        Files.writeString(conf, text);
        Files.writeString(BACKEND, FAKE_BACKEND);
        Files.setPosixFilePermissions(BACKEND, PosixFilePermissions.fromString("rwx------")); // 0700: runs as root
        if (!running()) {
            Path log = Files.createTempFile("cupsd", ".log");
            cupsd = new ProcessBuilder("/usr/sbin/cupsd", "-f").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await().atMost(Duration.ofSeconds(20)).until(CupsStack::running);
        }
        run("lpadmin", "-p", PDF_QUEUE, "-v", "cups-pdf:/", "-E", "-m", "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd",
                "-o", "PageSize=A4",
                // The default (Ghostscript) PDF→PostScript step drops the text layer of CID fonts,
                // so the PDF cups-pdf writes would have glyphs but no extractable text to check.
                "-o", "pdftops-renderer-default=pdftocairo");
        run("lpadmin", "-p", PAPER_OUT_QUEUE, "-v", "kiosk-fake:/media-empty-error", "-E", "-m", "raw");
        return this;
    }

    /** The paper-out queue as a fresh printer: enabled, no jobs, no reasons left from an earlier test. */
    void resetPaperOut() throws Exception {
        run("cancel", "-a", "-x", PAPER_OUT_QUEUE);
        run("lpadmin", "-x", PAPER_OUT_QUEUE);
        run("lpadmin", "-p", PAPER_OUT_QUEUE, "-v", "kiosk-fake:/media-empty-error", "-E", "-m", "raw");
    }

    URI server() {
        return URI.create("http://localhost:631");
    }

    Path output() {
        return OUTPUT;
    }

    /** The PDFs cups-pdf has written so far. */
    List<Path> outputs() throws IOException {
        try (Stream<Path> files = Files.list(OUTPUT)) {
            return files.filter(f -> f.toString().endsWith(".pdf")).toList();
        }
    }

    /** The documents CUPS keeps in its spool ({@code d<job>-<n>} files). */
    List<Path> spooledDocuments() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/var/spool/cups"))) {
            return files.filter(f -> f.getFileName().toString().matches("d\\d+-\\d+")).toList();
        }
    }

    /** lpstat -r exits 0 even when the scheduler is down: read what it says. */
    private static boolean running() {
        try {
            Process p = new ProcessBuilder("lpstat", "-r").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.contains("is running");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0 && !out.contains("No active jobs") && !out.contains("does not exist")) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (cupsd != null) {
            cupsd.destroy();
            cupsd.waitFor();
        }
    }
}
