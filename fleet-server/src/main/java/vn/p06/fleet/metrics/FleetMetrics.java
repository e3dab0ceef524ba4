package vn.p06.fleet.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.IntSupplier;
import vn.p06.fleet.broker.BrokerRefusals;

/**
 * Everything the fleet server counts, exposed at {@code GET /metrics} in the Prometheus text
 * format. One registry per server instance (tests run several in one JVM).
 */
public final class FleetMetrics implements BrokerRefusals {
    /**
     * The JVM's own figures (heap and non-heap use, GC, threads, buffer pools), once per process: the
     * client keeps every registry JvmMetrics was registered with in a static set, so registering each
     * server's registry would keep every server a test JVM ever started reachable.
     */
    private static final PrometheusRegistry JVM = jvmRegistry();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter messagesIn = Counter.builder().name("fleet_messages_in_total")
            .help("MQTT messages received by ingest, by message type").labelNames("type").register(registry);
    private final Counter rejected = Counter.builder().name("fleet_messages_rejected_total")
            .help("Messages refused at the protocol boundary, by reason").labelNames("reason").register(registry);
    private final Counter brokerRefused = Counter.builder().name("fleet_broker_refused_total")
            .help("Connections, publishes and subscriptions the broker refused, by reason")
            .labelNames("reason").register(registry);
    private final Counter stored = Counter.builder().name("fleet_records_stored_total")
            .help("Records written to the store").register(registry);
    private final Counter duplicates = Counter.builder().name("fleet_records_duplicate_total")
            .help("Records delivered again and ignored (exactly-once effect)").register(registry);
    private final Counter storeFailures = Counter.builder().name("fleet_store_failures_total")
            .help("Batch writes that failed and were retried").register(registry);
    private final Histogram ingestLag = Histogram.builder().name("fleet_ingest_lag_seconds")
            .help("Time from a message's arrival at ingest to its commit in the store")
            .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    private final Gauge queueDepth = Gauge.builder().name("fleet_ingest_queue_depth")
            .help("Messages received and not yet committed").register(registry);

    public void messageIn(String type) {
        messagesIn.labelValues(type).inc();
    }

    public void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    @Override
    public void refused(String reason, String clientId) {
        brokerRefused.labelValues(reason).inc();
    }

    public void batchStored(int storedRecords, int duplicateRecords) {
        stored.inc(storedRecords);
        duplicates.inc(duplicateRecords);
    }

    /** Records stored so far (for in-process load generators; scrapers read /metrics). */
    public double recordsStored() {
        return stored.get();
    }

    public void storeFailed() {
        storeFailures.inc();
    }

    public void ingestLag(double seconds) {
        ingestLag.observe(seconds);
    }

    public void queueDepth(int depth) {
        queueDepth.set(depth);
    }

    /** Registers the number of online kiosks, read when scraped. */
    public void kiosksOnline(IntSupplier online) {
        GaugeWithCallback.builder().name("fleet_kiosks_online").help("Kiosks whose last status is online")
                .callback(callback -> callback.call(online.getAsInt())).register(registry);
    }

    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
            writer.write(out, registry.scrape());
            writer.write(out, JVM.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static PrometheusRegistry jvmRegistry() {
        PrometheusRegistry jvm = new PrometheusRegistry();
        JvmMetrics.builder().register(jvm);
        return jvm;
    }
}
