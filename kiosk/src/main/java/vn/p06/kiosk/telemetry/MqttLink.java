package vn.p06.kiosk.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.MILLISECONDS;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.NoDelaySocketFactory;
import vn.p06.protocol.tls.TlsContexts;
import vn.p06.protocol.ProtocolException;
import vn.p06.protocol.Topics;

/**
 * One kiosk's MQTT 5 connection to the fleet broker (one Paho {@link MqttAsyncClient}).
 * <ul>
 *   <li>Presence: the will is a retained {@code offline} status, and every (re)connect publishes a
 *       retained {@code online} one; {@link #close()} says {@code offline} itself because a clean
 *       DISCONNECT does not fire the will.</li>
 *   <li>Session: clean start off with a session expiry, so QoS1 commands sent while the kiosk is
 *       away wait for it at the broker.</li>
 *   <li>Reconnection is ours, not Paho's: exponential backoff with full jitter, and the online status
 *       and subscriptions are redone after every connect whether or not the session survived.</li>
 *   <li>Publishing completes on PUBACK and fails on a refusal reason code, within a window of
 *       receiveMaximum unacknowledged publishes.</li>
 * </ul>
 * Paho callbacks run on Paho's threads and must never block or throw: inbound messages are decoded
 * there and handed to the scheduler, and post-connect work runs on the scheduler too.
 */
public final class MqttLink implements TelemetrySink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MqttLink.class);

    /** MQTT 5 default when the CONNACK carries no Receive Maximum property. */
    static final int DEFAULT_RECEIVE_MAXIMUM = 65535;
    private static final int QOS_1 = 1;
    private static final int FIRST_REFUSAL_CODE = 0x80;

    /**
     * Connection tuning.
     *
     * @param publishWait    how long {@link #publish} waits for a free slot of the window
     * @param closeTimeout   how long {@link #close()} waits for the offline PUBACK and the DISCONNECT
     * @param backoffInitial first reconnect window; doubles up to {@code backoffMax}
     */
    public record Options(Duration keepAlive, Duration sessionExpiry, Duration connectTimeout,
                          Duration publishWait, Duration closeTimeout,
                          Duration backoffInitial, Duration backoffMax) {
        public Options {
            Objects.requireNonNull(keepAlive, "keepAlive");
            Objects.requireNonNull(sessionExpiry, "sessionExpiry");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(publishWait, "publishWait");
            Objects.requireNonNull(closeTimeout, "closeTimeout");
            if (keepAlive.toSeconds() < 1 || keepAlive.toSeconds() > 65535) {
                throw new IllegalArgumentException("keepAlive must be 1..65535 s: " + keepAlive);
            }
            if (connectTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("connectTimeout must be >= 1 s: " + connectTimeout);
            }
            // Validates the backoff bounds here rather than at the first failure.
            new Backoff(backoffInitial, backoffMax, new Random(0));
        }

        /** Keepalive 30 s, session kept 1 day, reconnect backoff 1 s to 60 s. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(30), Duration.ofDays(1), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(60));
        }

        public Options withKeepAlive(Duration value) {
            return new Options(value, sessionExpiry, connectTimeout, publishWait, closeTimeout,
                    backoffInitial, backoffMax);
        }

        public Options withBackoff(Duration initial, Duration max) {
            return new Options(keepAlive, sessionExpiry, connectTimeout, publishWait, closeTimeout, initial, max);
        }
    }

    private final String kioskId;
    private final EnrollmentBundle bundle;
    private final String appVersion;
    private final Options options;
    private final Sequences sequences;
    private final Clock clock;
    /** Timestamp of the current connection attempt; every status message of the connection carries it. */
    private volatile long connectionTimestamp;
    private final ScheduledExecutorService scheduler;
    private final String statusTopic;
    private final MqttAsyncClient client;
    private final NoDelaySocketFactory sockets = new NoDelaySocketFactory();
    /**
     * The certificate login, or null (password only). Built once per certificate (it parses keys);
     * replaced by {@link #useCertificate} when the kiosk renews.
     */
    private volatile SSLSocketFactory tls;
    private final PublishWindow window = new PublishWindow(DEFAULT_RECEIVE_MAXIMUM);
    private final Map<Channel, Consumer<Envelope>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong rejectedInbound = new AtomicLong();

    private final Object lock = new Object();
    /** guarded by lock */
    private final Backoff backoff;
    /** guarded by lock */
    private ScheduledFuture<?> pendingConnect;
    /** guarded by lock */
    private boolean started;
    private volatile boolean closed;

    /**
     * @param scheduler runs reconnects and inbound handlers; shared by all links of the process,
     *                  owned (and shut down) by the caller
     */
    public MqttLink(EnrollmentBundle bundle, String appVersion, Options options, Sequences sequences,
                    Clock clock, ScheduledExecutorService scheduler) {
        this.bundle = Objects.requireNonNull(bundle, "bundle");
        this.kioskId = bundle.kioskId();
        this.appVersion = appVersion;
        this.options = Objects.requireNonNull(options, "options");
        this.sequences = Objects.requireNonNull(sequences, "sequences");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.statusTopic = Topics.of(kioskId, Channel.STATUS);
        this.backoff = new Backoff(options.backoffInitial(), options.backoffMax(), new Random());
        this.tls = bundle.hasTls() ? TlsContexts.noDelaySockets(
                TlsContexts.client(bundle.tlsPrivateKey(), bundle.tlsCertificate(), bundle.caCertificate())) : null;
        try {
            // In-memory persistence: in-flight QoS1 state only has to survive a reconnect, not a
            // restart (that is the durable outbox's job), and the default file persistence would
            // litter the working directory with one folder per client.
            this.client = new MqttAsyncClient(bundle.mqttUrl(), kioskId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("cannot create MQTT client for " + bundle.mqttUrl(), e);
        }
        client.setCallback(new Callbacks());
    }

    /**
     * Routes decoded messages of a to-kiosk channel of this kiosk ({@code cmd}, {@code desired}) to a
     * handler, run on the scheduler. Register before {@link #start()}: the subscription is made on connect.
     */
    public void onMessage(Channel channel, Consumer<Envelope> handler) {
        if (channel.direction() != Channel.Direction.TO_KIOSK) {
            throw new IllegalArgumentException(channel + " is not a channel to the kiosk");
        }
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("register handlers before start()");
            }
            handlers.put(channel, Objects.requireNonNull(handler, "handler"));
        }
    }

    /** Connects in the background and keeps reconnecting until {@link #close()}. */
    public void start() {
        synchronized (lock) {
            if (started) {
                return;
            }
            started = true;
        }
        scheduleConnect(Duration.ZERO);
    }

    public String kioskId() {
        return kioskId;
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public boolean isAccepting() {
        return !closed && client.isConnected();
    }

    @Override
    public CompletableFuture<Void> send(Envelope envelope) {
        return publish(envelope);
    }

    /**
     * Publishes at QoS1, retained when its channel is (status, reported). Completes on PUBACK; fails
     * with {@link PublishRefusedException} when the broker refuses, with {@link IllegalStateException}
     * when not connected or the window stays full, or with Paho's exception when the connection is
     * lost first (the message may still go out after reconnect: receivers dedupe by envelope id).
     */
    public CompletableFuture<Void> publish(Envelope envelope) {
        String topic = envelope.topic();
        MqttMessage message = new MqttMessage(Codec.encode(envelope));
        message.setQos(QOS_1);
        message.setRetained(envelope.type().channel().retained());
        return publish(topic, message);
    }

    private CompletableFuture<Void> publish(String topic, MqttMessage message) {
        if (!client.isConnected()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("kiosk " + kioskId + " is not connected to the broker"));
        }
        try {
            if (!window.tryAcquire(options.publishWait().toMillis(), MILLISECONDS)) {
                return CompletableFuture.failedFuture(new IllegalStateException("kiosk " + kioskId
                        + ": publish window full (" + window.limit() + " unacknowledged)"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                window.release();
            }
        };
        try {
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    release.run();
                    int refusal = refusalCode(token.getReasonCodes());
                    if (refusal >= 0) {
                        result.completeExceptionally(new PublishRefusedException(topic, refusal, reasonString(token)));
                    } else {
                        result.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    release.run();
                    result.completeExceptionally(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            release.run();
            result.completeExceptionally(e);
        }
        return result;
    }

    /**
     * Logs in with a renewed certificate from now on and reconnects at once: a clean DISCONNECT (no
     * will, so the fleet never sees the kiosk offline), then a connect with the new key. The session
     * survives (clean start off), Paho resends what was in flight, and the outbox resends whatever
     * was not acknowledged, so a switch loses no record: it is an ordinary reconnect.
     *
     * @throws IllegalArgumentException if the key and certificate are unusable (nothing changes then)
     */
    public void useCertificate(String privateKeyPem, String certificatePem) {
        if (!bundle.hasTls()) {
            throw new IllegalStateException("kiosk " + kioskId + " logs in with a password, not a certificate");
        }
        tls = TlsContexts.noDelaySockets(TlsContexts.client(privateKeyPem, certificatePem, bundle.caCertificate()));
        if (closed || !client.isConnected()) {
            // The next connect attempt picks the new certificate up.
            return;
        }
        log.info("kiosk {}: reconnecting with its renewed certificate", kioskId);
        try {
            client.disconnect(options.closeTimeout().toMillis(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    scheduleConnect(Duration.ZERO);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    log.warn("kiosk {}: disconnect before the certificate switch failed: {}", kioskId, e.toString());
                    scheduleReconnect();
                }
            }, 0, new MqttProperties());
        } catch (MqttException e) {
            log.warn("kiosk {}: disconnect before the certificate switch failed: {}", kioskId, e.toString());
            scheduleReconnect();
        }
    }

    /** Says offline (retained), disconnects cleanly and stops reconnecting. Idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            if (pendingConnect != null) {
                pendingConnect.cancel(false);
                pendingConnect = null;
            }
        }
        long timeoutMillis = options.closeTimeout().toMillis();
        if (client.isConnected()) {
            try {
                publish(statusEnvelope(Body.Presence.OFFLINE)).get(timeoutMillis, MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("kiosk {}: offline status not confirmed before disconnect: {}", kioskId, e.toString());
            }
            try {
                client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis);
            } catch (MqttException e) {
                log.warn("kiosk {}: clean disconnect failed: {}", kioskId, e.toString());
            }
        }
        try {
            if (!client.isConnected()) {
                client.close(true);
            } else {
                client.disconnectForcibly(0, timeoutMillis, false);
                client.close(true);
            }
        } catch (MqttException e) {
            // Typically a connect attempt still in flight; the process is ending anyway.
            log.debug("kiosk {}: closing the client: {}", kioskId, e.toString());
        }
        log.info("kiosk {} disconnected", kioskId);
    }

    /** Successful connections so far (first connect and every reconnect). */
    long connectionCount() {
        return connections.get();
    }

    /** Inbound messages dropped because the codec refused them. */
    long rejectedInboundCount() {
        return rejectedInbound.get();
    }

    int receiveMaximum() {
        return window.limit();
    }

    /** Test hook: cut the TCP connection without a DISCONNECT, as a dead network would. */
    void abortConnection() throws IOException {
        sockets.abortCurrent();
    }

    private void scheduleConnect(Duration delay) {
        synchronized (lock) {
            if (closed || pendingConnect != null) {
                return;
            }
            try {
                pendingConnect = scheduler.schedule(this::connectAttempt, delay.toMillis(), MILLISECONDS);
            } catch (RejectedExecutionException e) {
                log.debug("kiosk {}: scheduler is shut down, not reconnecting", kioskId);
            }
        }
    }

    private void scheduleReconnect() {
        Duration delay;
        int attempt;
        synchronized (lock) {
            if (closed || pendingConnect != null) {
                return;
            }
            delay = backoff.nextDelay();
            attempt = backoff.attempts();
        }
        log.info("kiosk {}: reconnect attempt {} in {} ms", kioskId, attempt, delay.toMillis());
        scheduleConnect(delay);
    }

    private void connectAttempt() {
        synchronized (lock) {
            pendingConnect = null;
            if (closed) {
                return;
            }
        }
        if (client.isConnected()) {
            return;
        }
        try {
            client.connect(connectionOptions(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    runOnScheduler(() -> onConnected(token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    log.warn("kiosk {} cannot connect to {}: {}", kioskId, bundle.mqttUrl(), e.toString());
                    scheduleReconnect();
                }
            });
        } catch (MqttException | RuntimeException e) {
            log.warn("kiosk {} cannot start connecting to {}: {}", kioskId, bundle.mqttUrl(), e.toString());
            scheduleReconnect();
        }
    }

    private MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(bundle.mqttUsername());
        o.setPassword(bundle.mqttPassword().getBytes(UTF_8));
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) options.keepAlive().toSeconds());
        o.setConnectionTimeout((int) options.connectTimeout().toSeconds());
        o.setAutomaticReconnect(false);
        if (bundle.mqttUrl().startsWith("tcp://")) {
            o.setSocketFactory(sockets);
        } else if (bundle.hasTls()) {
            // Our certificate as the login, the fleet CA as the only trust anchor, and the broker's
            // certificate must name the host we dialled.
            o.setSocketFactory(tls);
            o.setHttpsHostnameVerificationEnabled(true);
        }
        // A fresh will per attempt, stamped with this connection's timestamp. The "online" published
        // once connected carries the same timestamp: the server orders status by connection, so this
        // connection's will beats its "online" and a newer connection beats both (protocol rule).
        connectionTimestamp = Math.max(clock.millis(), connectionTimestamp + 1);
        MqttMessage will = new MqttMessage(Codec.encode(statusEnvelope(Body.Presence.OFFLINE)));
        will.setQos(QOS_1);
        will.setRetained(true);
        o.setWill(statusTopic, will);
        return o;
    }

    private void onConnected(IMqttToken token) {
        if (closed) {
            return;
        }
        MqttProperties props = token.getResponseProperties();
        int receiveMaximum = props != null && props.getReceiveMaximum() != null
                ? props.getReceiveMaximum() : DEFAULT_RECEIVE_MAXIMUM;
        window.resize(receiveMaximum);
        synchronized (lock) {
            backoff.reset();
        }
        connections.incrementAndGet();
        log.info("kiosk {} connected to {} (session present: {}, receive maximum: {})",
                kioskId, bundle.mqttUrl(), token.getSessionPresent(), receiveMaximum);
        // Subscribe every time: the broker may have lost the session (restart without persistence,
        // expiry), and subscribing again to the same filter is harmless.
        subscribeInbound();
        publish(statusEnvelope(Body.Presence.ONLINE)).whenComplete((ok, e) -> {
            if (e != null) {
                log.warn("kiosk {}: online status not published: {}", kioskId, e.toString());
            }
        });
    }

    private void subscribeInbound() {
        if (handlers.isEmpty()) {
            return;
        }
        MqttSubscription[] subscriptions = handlers.keySet().stream()
                .map(channel -> new MqttSubscription(Topics.of(kioskId, channel), QOS_1))
                .toArray(MqttSubscription[]::new);
        try {
            client.subscribe(subscriptions, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    if (refusalCode(token.getReasonCodes()) >= 0) {
                        log.error("kiosk {}: broker refused subscription to {}: reason codes {}", kioskId,
                                handlers.keySet(), java.util.Arrays.toString(token.getReasonCodes()));
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    log.warn("kiosk {}: subscribe failed: {}", kioskId, e.toString());
                }
            }, new MqttProperties());
        } catch (MqttException | RuntimeException e) {
            log.warn("kiosk {}: subscribe failed: {}", kioskId, e.toString());
        }
    }

    private void dispatch(String topic, byte[] payload) {
        Envelope envelope;
        try {
            envelope = Codec.decode(topic, payload);
        } catch (ProtocolException e) {
            rejectedInbound.incrementAndGet();
            log.warn("kiosk {} ignored a message on {}: {}", kioskId, topic, e.getMessage());
            return;
        }
        Consumer<Envelope> handler = handlers.get(envelope.type().channel());
        if (handler == null) {
            log.debug("kiosk {}: no handler for {}", kioskId, topic);
            return;
        }
        runOnScheduler(() -> handler.accept(envelope));
    }

    private void runOnScheduler(Runnable task) {
        try {
            scheduler.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.error("kiosk {}: task failed", kioskId, e);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("kiosk {}: scheduler is shut down, task dropped", kioskId);
        }
    }

    private Envelope statusEnvelope(Body.Presence presence) {
        return Envelope.create(kioskId, connectionTimestamp, sequences.next(Channel.STATUS),
                new Body.Status(presence, appVersion));
    }

    /** The first reason code meaning failure, or -1. */
    private static int refusalCode(int[] reasonCodes) {
        if (reasonCodes != null) {
            for (int code : reasonCodes) {
                if (code >= FIRST_REFUSAL_CODE) {
                    return code;
                }
            }
        }
        return -1;
    }

    private static String reasonString(IMqttToken token) {
        MqttProperties props = token.getResponseProperties();
        return props == null ? null : props.getReasonString();
    }

    /** Paho's callback: never throws, never blocks. */
    private final class Callbacks implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (closed) {
                return;
            }
            log.warn("kiosk {} lost its connection: {}", kioskId, describe(response));
            scheduleReconnect();
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            log.warn("kiosk {}: MQTT error: {}", kioskId, exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                dispatch(topic, message.getPayload());
            } catch (RuntimeException e) {
                // Throwing here would make Paho drop the connection; one bad message must not.
                log.error("kiosk {}: message on {} not handled", kioskId, topic, e);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Outcomes are handled per publish by its listener.
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // Handled by the connect listener, which also has the CONNACK properties.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication.
        }

        private String describe(MqttDisconnectResponse response) {
            if (response == null) {
                return "no detail";
            }
            if (response.getException() != null) {
                return response.getException().toString();
            }
            return String.format("server DISCONNECT 0x%02X %s", response.getReturnCode(),
                    Objects.toString(response.getReasonString(), ""));
        }
    }
}
