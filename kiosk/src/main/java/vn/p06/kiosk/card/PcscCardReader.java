package vn.p06.kiosk.card;

import java.io.IOException;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import net.sf.scuba.smartcards.CardServiceException;
import net.sf.scuba.smartcards.TerminalCardService;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jmrtd.PassportService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.telemetry.UsageRecorder;

/**
 * The real card reader: PC/SC through {@code javax.smartcardio}, ICAO 9303 through JMRTD. A
 * daemon thread polls card presence (not during a read: the read itself notices a lost card, and
 * pcsc-lite serialises calls on one context) and wipes the live session when the card leaves.
 * A watchdog closes the channel when a read outlives {@code readTimeout}, so a silent card
 * cannot hang the kiosk.
 */
public final class PcscCardReader implements CardReader {
    private static final Logger LOG = LoggerFactory.getLogger(PcscCardReader.class);

    static {
        PcscLibrary.configure();
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider()); // JMRTD's PACE needs BC's ECDH/AES-CMAC
        }
    }

    /**
     * @param terminalName part of the PC/SC reader name to use ("" = the first reader with a card)
     * @param blockSize    READ BINARY size; 223 is the largest that fits a short APDU under secure messaging;
     *                     larger sizes use extended-length APDUs (fewer round trips), which the chip and the
     *                     reader must support ({@link #EXTENDED_BLOCK} is measured on the emulator only)
     * @param pollInterval how often presence is checked between reads
     */
    public record Config(String terminalName, CscaTrustStore trust, UsageRecorder usage, Duration readTimeout,
                         int blockSize, Duration pollInterval) {
        public static Config defaults(CscaTrustStore trust, UsageRecorder usage) {
            return new Config("", trust, usage, Duration.ofSeconds(30), PassportService.DEFAULT_MAX_BLOCKSIZE,
                    Duration.ofMillis(250));
        }

        public Config withBlockSize(int size) {
            return new Config(terminalName, trust, usage, readTimeout, size, pollInterval);
        }
    }

    /**
     * A block size for extended-length reads; javax.smartcardio receives at most 8 KiB per response
     * and secure messaging adds padding and MAC, so 4 KiB leaves room.
     */
    public static final int EXTENDED_BLOCK = 4096;

    private final Config config;
    private final TerminalFactory factory;
    private final List<Consumer<CardEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock reading = new ReentrantLock();
    private final AtomicReference<CardSession> live = new AtomicReference<>();
    private final ScheduledExecutorService watchdog;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread monitor;
    private volatile boolean present;

    private PcscCardReader(Config config) {
        this.config = config;
        this.factory = TerminalFactory.getDefault();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "card-watchdog"));
        this.present = isCardPresent();
        this.monitor = daemon(this::monitorLoop, "card-presence");
    }

    public static PcscCardReader start(Config config) {
        PcscCardReader reader = new PcscCardReader(config);
        reader.monitor.start();
        return reader;
    }

    @Override
    public void onCardEvent(Consumer<CardEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean isCardPresent() {
        return terminal(true).isPresent();
    }

    @Override
    public ReadResult read(AccessKey key, ReadRequest request, ReadProgress progress) {
        long start = System.nanoTime();
        reading.lock();
        try {
            Holder h = new Holder();
            ReadResult result = readLocked(key, request, progress, start, h);
            if (result instanceof ReadResult.Read) {
                CardSession old = live.getAndSet(((ReadResult.Read) result).session());
                if (old != null) {
                    old.close();
                }
                // A card just read is on the reader, whether or not the presence poll saw it arrive
                // (a read holds the lock the poll needs): so its removal is always noticed and wipes.
                if (!present) {
                    present = true;
                    fire(CardEvent.INSERTED);
                }
            }
            ReadTelemetry.report(config.usage(), result, h.access);
            return result;
        } finally {
            reading.unlock();
        }
    }

    private static final class Holder {
        String access = "none";
    }

    private ReadResult readLocked(AccessKey key, ReadRequest request, ReadProgress progress, long start, Holder h) {
        progress.onProgress(ReadStep.CONNECTING, 0, 0);
        Optional<CardTerminal> terminal = terminal(true);
        if (terminal.isEmpty()) {
            return new ReadResult.Removed(ChipRead.millisSince(start));
        }
        TerminalCardService cardService = new TerminalCardService(terminal.get());
        // Blocks above 223 bytes need extended-length APDUs under secure messaging.
        int transceive = config.blockSize() > PassportService.DEFAULT_MAX_BLOCKSIZE
                ? PassportService.EXTENDED_MAX_TRANCEIVE_LENGTH : PassportService.NORMAL_MAX_TRANCEIVE_LENGTH;
        PassportService service = new PassportService(cardService, transceive, config.blockSize(), false, true);
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            timedOut.set(true);
            LOG.warn("card read exceeded {}; closing the channel", config.readTimeout());
            cardService.close();
        }, config.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ChipRead read = new ChipRead(service, config.blockSize(), progress);
        try {
            service.open();
            AccessControl.Protocol protocol = read.open(key);
            h.access = protocol.name().toLowerCase(Locale.ROOT);
            ReadResult result = read.readAndVerify(request, config.trust(), protocol.name(), start);
            guard.cancel(false);
            if (result instanceof ReadResult.Cloned && !cardStillThere(terminal.get())) {
                // A chip pulled in the middle of the challenge is a lost card, not a clone.
                return new ReadResult.Removed(ChipRead.millisSince(start));
            }
            return result;
        } catch (AccessControl.AccessDenied e) {
            read.files().wipe();
            if (timedOut.get() || CardLoss.isCardLoss(e) || !cardStillThere(terminal.get())) {
                return new ReadResult.Removed(ChipRead.millisSince(start));
            }
            if (e.unsupported) {
                return new ReadResult.Unsupported(e.getMessage(), ChipRead.millisSince(start));
            }
            LOG.info("chip refused the access key: {}", e.getMessage());
            return new ReadResult.WrongKey(AccessControl.fieldsToCheck(key), ChipRead.millisSince(start));
        } catch (CardServiceException | IOException | RuntimeException e) {
            read.files().wipe();
            if (timedOut.get() || CardLoss.isCardLoss(e) || !cardStillThere(terminal.get())) {
                LOG.info("card lost during the read: {}", e.getClass().getSimpleName());
                return new ReadResult.Removed(ChipRead.millisSince(start));
            }
            LOG.warn("card read failed: {}", describe(e));
            return new ReadResult.Unsupported(e.getClass().getSimpleName(), ChipRead.millisSince(start));
        } finally {
            guard.cancel(false);
            try {
                service.close();
            } catch (RuntimeException e) {
                LOG.debug("closing the card channel: {}", e.getClass().getSimpleName());
            }
        }
    }

    /** Exception classes and status words only: scuba's messages can quote APDU bytes. */
    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 200; t = t.getCause()) {
            sb.append(t.getClass().getSimpleName());
            if (t.getMessage() != null && t.getMessage().startsWith("SCARD_")) {
                sb.append('(').append(t.getMessage()).append(')'); // a PC/SC code name, never card data
            }
            if (t instanceof CardServiceException && ((CardServiceException) t).getSW() != CardServiceException.SW_NONE) {
                sb.append("(SW ").append(Integer.toHexString(((CardServiceException) t).getSW())).append(')');
            }
            sb.append(t.getCause() == null || t.getCause() == t ? "" : " <- ");
            if (t.getCause() == t) {
                break;
            }
        }
        return sb.toString();
    }

    private static boolean cardStillThere(CardTerminal terminal) {
        try {
            return terminal.isCardPresent();
        } catch (CardException | RuntimeException e) {
            return false;
        }
    }

    /** The configured reader; with {@code needCard}, only if a card is on it (else the first reader with a card). */
    private Optional<CardTerminal> terminal(boolean needCard) {
        try {
            for (CardTerminal t : factory.terminals().list()) {
                if (t.getName().contains(config.terminalName()) && (!needCard || t.isCardPresent())) {
                    return Optional.of(t);
                }
            }
        } catch (CardException | RuntimeException e) {
            LOG.debug("no PC/SC readers: {}", e.getClass().getSimpleName());
        }
        return Optional.empty();
    }

    private void monitorLoop() {
        try {
            while (!stop.await(config.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
                if (!reading.tryLock()) {
                    continue;
                }
                boolean now;
                try {
                    now = isCardPresent();
                } finally {
                    reading.unlock();
                }
                if (now != present) {
                    present = now;
                    if (!now) {
                        CardSession s = live.getAndSet(null);
                        if (s != null) {
                            s.close(); // card gone: the resident left, the data goes too
                        }
                    }
                    fire(now ? CardEvent.INSERTED : CardEvent.REMOVED);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fire(CardEvent event) {
        LOG.debug("card {}", event);
        for (Consumer<CardEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("card event listener failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Stops the presence thread and wipes the live session. */
    @Override
    public void close() {
        stop.countDown();
        watchdog.shutdownNow();
        try {
            monitor.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        CardSession s = live.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }
}
