package vn.p06.kiosk.card;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;

/**
 * The real PC/SC stack for tests: pcscd (started here with {@code --foreground} unless one is
 * already running, stopped at the end only if started here), vsmartcard's vpcd driver (reader
 * "Virtual PCD 00 00", port 35963) and our vicc ePass emulator ({@code src/test/card-emulator}).
 * One per test JVM, because javax.smartcardio keeps one PC/SC context for the JVM's life; a
 * cross-process file lock keeps two concurrent builds on this machine from sharing the one
 * virtual reader. Logs go to {@code target/card-stack/}.
 */
final class VirtualCardStack implements AutoCloseable {
    static final String READER = "Virtual PCD";
    /** The module directory: the working directory under surefire, {@code kiosk/} under exec:java from the root. */
    private static final Path MODULE = Files.exists(Path.of("src/test/card-emulator/vicc_epass.py"))
            ? Path.of("") : Path.of("kiosk");
    private static final Path EMULATOR = MODULE.resolve("src/test/card-emulator/vicc_epass.py");
    private static final Path LOCK = Path.of(System.getProperty("java.io.tmpdir"), "p06-kiosk-card-pcsc.lock");

    private final Path logs;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Process pcscd; // null when someone else's pcscd was already running
    private Process emulator;
    private int emulatorRuns;

    private VirtualCardStack(Path logs, FileChannel lockChannel, FileLock lock, Process pcscd) {
        this.logs = logs;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.pcscd = pcscd;
    }

    static VirtualCardStack start() throws Exception {
        for (String bin : List.of("/usr/sbin/pcscd", "/usr/bin/opensc-tool", "/usr/bin/python3")) {
            if (!Files.isExecutable(Path.of(bin))) {
                throw new IllegalStateException("card tests need " + bin
                        + " (apt-get install pcscd vsmartcard-vpcd python3-virtualsmartcard opensc python3-pycryptodome)");
            }
        }
        Path logs = MODULE.resolve("target/card-stack").toAbsolutePath();
        Files.createDirectories(logs);
        FileChannel ch = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        AtomicReference<FileLock> held = new AtomicReference<>();
        await("the PC/SC test lock (another build is using the virtual reader)").atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    held.set(ch.tryLock());
                    return held.get() != null;
                });
        Process pcscd = null;
        if (!pcscdRunning()) {
            // vpcd binds its ports without SO_REUSEADDR: right after the previous pcscd, connections
            // in TIME_WAIT make it fail ("Address already in use") and pcscd runs with no reader.
            await("vpcd's ports are free").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(VirtualCardStack::vpcdPortsFree);
            pcscd = new ProcessBuilder("/usr/sbin/pcscd", "--foreground", "--info")
                    .redirectErrorStream(true).redirectOutput(logs.resolve("pcscd.log").toFile()).start();
        }
        VirtualCardStack stack = new VirtualCardStack(logs, ch, held.get(), pcscd);
        // Ask a separate process first: javax.smartcardio fixes its PC/SC context at first use, and a
        // context made before pcscd listens would stay broken for the whole JVM.
        try {
            await("pcscd lists the virtual reader").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> run("/usr/bin/opensc-tool", "-l").contains(READER));
        } catch (RuntimeException e) {
            stack.close(); // no orphaned pcscd without readers for the next build to find
            throw e;
        }
        PcscLibrary.configure();
        return stack;
    }

    private static boolean vpcdPortsFree() {
        for (int port : new int[] {35963, 35964}) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static boolean pcscdRunning() {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().command()
                .map(c -> c.endsWith("/pcscd")).orElse(false));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(10, TimeUnit.SECONDS);
        return new String(out);
    }

    /** Starts the emulator on a card folder made by {@link TestCard} and waits until the reader sees the card. */
    void insert(Path cardDir) throws IOException {
        if (emulator != null && emulator.isAlive()) {
            throw new IllegalStateException("a card is already inserted");
        }
        emulatorRuns++;
        emulator = new ProcessBuilder("/usr/bin/python3", "-u", EMULATOR.toString(), cardDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve("vicc-" + emulatorRuns + ".log").toFile()).start();
        await("the virtual card is present").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!emulator.isAlive()) {
                        throw new IllegalStateException("vicc exited; see " + logs.resolve("vicc-" + emulatorRuns + ".log"));
                    }
                    return cardPresent();
                });
    }

    /** Kills the emulator like a card pulled off the reader (SIGKILL, no goodbye) and returns at once. */
    void pullNow() {
        if (emulator != null) {
            emulator.destroyForcibly();
            try {
                emulator.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Pulls the card and waits until the reader no longer reports it. */
    void pull() {
        pullNow();
        await("the virtual card is gone").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> !cardPresent());
        emulator = null;
    }

    static boolean cardPresent() {
        return terminal().map(t -> {
            try {
                return t.isCardPresent();
            } catch (Exception e) {
                return false;
            }
        }).orElse(false);
    }

    static Optional<CardTerminal> terminal() {
        try {
            return TerminalFactory.getDefault().terminals().list().stream()
                    .filter(t -> t.getName().contains(READER)).findFirst();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    Path logs() {
        return logs;
    }

    @Override
    public void close() {
        if (emulator != null && emulator.isAlive()) {
            pull();
        }
        if (pcscd != null) {
            pcscd.destroy();
            try {
                if (!pcscd.waitFor(10, TimeUnit.SECONDS)) {
                    pcscd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
