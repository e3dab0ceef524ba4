package vn.p06.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * A fleet of simulated kiosks on ONE shared Netty event loop group: each kiosk is a small state
 * machine ({@link SimKiosk}) speaking MQTT 5 through Netty's codec, so ten thousand connections cost
 * a few kilobytes each instead of Paho's three threads and an H2 outbox per kiosk. What a kiosk
 * does on the wire follows the real kiosk ({@code MqttLink}, {@code OutboxForwarder}): see
 * {@link SimKiosk} and {@link KioskBacklog}.
 */
final class KioskFleet implements AutoCloseable {

    /**
     * @param host, port        the broker (TLS when {@code keyring} is set)
     * @param keyring           client certificates of every kiosk, or null for the password login
     * @param password          the kiosks' password on the plain listener (ignored with certificates)
     * @param keepAlive         MQTT keepalive (the kiosk's default: 30 s)
     * @param backoffInitial    first reconnect window after a failure; doubles up to {@code backoffMax}
     *                          (full jitter, the kiosk's {@code Backoff}; defaults 1 s and 60 s)
     * @param connectSpread     first attempts spread uniformly over this window (0 = all at once)
     * @param connectRate       at most this many first attempts a second (0 = no pacing)
     * @param messagesPerSecond the kiosk's catch-up budget ({@code OutboxPolicy}: 50)
     * @param confirmations     true: a record is done when the server's {@code stored} names it (the
     *                          real kiosk); false: when the broker PUBACKs it (broker-only ceiling)
     */
    record Settings(String host, int port, KioskKeyring keyring, String password, Duration keepAlive,
                    Duration backoffInitial, Duration backoffMax, Duration connectSpread, int connectRate,
                    int messagesPerSecond, boolean confirmations) {
    }

    /** What happened, counted across the fleet (read from any thread). */
    static final class Stats {
        final AtomicLong connected = new AtomicLong();
        final AtomicLong allConnectedNanos = new AtomicLong();
        final AtomicLong caughtUp = new AtomicLong();
        final AtomicLong allCaughtUpNanos = new AtomicLong();
        final LongAdder attempts = new LongAdder();
        final LongAdder published = new LongAdder();
        final LongAdder pubacks = new LongAdder();
        final LongAdder recordsConfirmed = new LongAdder();
        final LongAdder connectionsLost = new LongAdder();
        /** Refused or failed connects and broker disconnects, by what the kiosk saw. */
        final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

        void failure(String what) {
            failures.computeIfAbsent(what, k -> new LongAdder()).increment();
        }

        Map<String, Long> failureCounts() {
            Map<String, Long> counts = new TreeMap<>();
            failures.forEach((k, v) -> counts.put(k, v.sum()));
            return counts;
        }
    }

    private final Settings settings;
    private final NioEventLoopGroup group;
    private final List<SimKiosk> kiosks = new ArrayList<>();
    private final Random random = new Random();
    private volatile Stats stats = new Stats();
    private volatile long phaseStartNanos;

    KioskFleet(Settings settings, int threads) {
        this.settings = settings;
        this.group = new NioEventLoopGroup(threads);
    }

    Settings settings() {
        return settings;
    }

    Stats stats() {
        return stats;
    }

    long phaseStartNanos() {
        return phaseStartNanos;
    }

    void add(String kioskId) {
        kiosks.add(new SimKiosk(this, kioskId, group.next(), new Random(random.nextLong())));
    }

    int size() {
        return kiosks.size();
    }

    Bootstrap bootstrap(EventLoop loop) {
        return new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, SimKiosk.CONNECT_TIMEOUT_MILLIS);
    }

    /**
     * Every kiosk (re)connects, paced and spread as configured, with this many hours of backlog to
     * flush. Counters start again from zero.
     *
     * @return records in all the backlogs
     */
    long storm(double backlogHours) {
        stats = new Stats();
        if (settings.keyring() != null) {
            settings.keyring().powerOn();
        }
        phaseStartNanos = System.nanoTime();
        long offlineSince = System.currentTimeMillis() - Math.round(backlogHours * 3_600_000);
        long spread = settings.connectSpread().toMillis();
        long records = 0;
        for (int i = 0; i < kiosks.size(); i++) {
            long paced = settings.connectRate() > 0 ? i * 1000L / settings.connectRate() : 0;
            long jitter = spread > 0 ? (long) (random.nextDouble() * spread) : 0;
            KioskBacklog backlog = new KioskBacklog(kiosks.get(i).kioskId(), backlogHours,
                    settings.messagesPerSecond(), offlineSince);
            records += backlog.records();
            kiosks.get(i).start(backlog, Math.max(paced, jitter));
        }
        return records;
    }

    /** Every kiosk disconnects with its will (offline), as a kiosk shutting down, and stops reconnecting. */
    void disconnectAll() {
        kiosks.forEach(SimKiosk::stop);
    }

    boolean allClosed() {
        return kiosks.stream().allMatch(SimKiosk::closed);
    }

    void kioskConnected() {
        if (stats.connected.incrementAndGet() == kiosks.size()) {
            stats.allConnectedNanos.set(System.nanoTime());
        }
    }

    void kioskCaughtUp() {
        if (stats.caughtUp.incrementAndGet() == kiosks.size()) {
            stats.allCaughtUpNanos.set(System.nanoTime());
        }
    }

    /** Seconds since the storm began. */
    double since(long nanos) {
        return (nanos - phaseStartNanos) / 1e9;
    }

    /** Polls until the condition holds or the time is up; prints progress every {@code every}. */
    boolean await(BooleanSupplier condition, Duration limit, Duration every, Runnable progress)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        long nextReport = System.nanoTime() + every.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            if (System.nanoTime() > nextReport) {
                progress.run();
                nextReport += every.toNanos();
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
