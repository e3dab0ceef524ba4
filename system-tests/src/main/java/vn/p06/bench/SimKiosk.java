package vn.p06.bench;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import vn.p06.kiosk.telemetry.Backoff;
import vn.p06.protocol.Body;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.ProtocolException;
import vn.p06.protocol.Topics;

/**
 * One simulated kiosk: its MQTT 5 connection and its outbox, all on one event loop thread. On the
 * wire it does what the real kiosk's {@code MqttLink} does: client id = user name = kiosk id, a
 * persistent session (clean start off, expiry 1 day), keepalive 30 s, a retained {@code offline}
 * will and a retained {@code online} status after each CONNACK, a subscription to its inbound
 * channels ({@code stored}, {@code cmd}, {@code desired}), at most the broker's receive maximum in
 * flight, and reconnection with the kiosk's own full-jitter {@link Backoff} after a refusal or a
 * lost connection. The outbox rules are {@link KioskBacklog}'s.
 */
final class SimKiosk {
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final long ROUND_MILLIS = 100;
    private static final int MAX_PACKET = 256 * 1024;
    private static final long SESSION_EXPIRY_SECONDS = TimeUnit.DAYS.toSeconds(1);
    private static final List<vn.p06.protocol.Channel> INBOUND = List.of(vn.p06.protocol.Channel.STORED,
            vn.p06.protocol.Channel.COMMAND, vn.p06.protocol.Channel.DESIRED);

    private final KioskFleet fleet;
    private final String kioskId;
    private final EventLoop loop;
    private final Backoff backoff;
    private final String statusTopic;
    private KioskBacklog backlog;
    private Connection connection;
    private boolean stopped = true;
    private boolean everConnected;
    private boolean reportedCaughtUp;
    private long statusSequence;
    private volatile boolean closed = true;

    SimKiosk(KioskFleet fleet, String kioskId, EventLoop loop, Random random) {
        this.fleet = fleet;
        this.kioskId = kioskId;
        this.loop = loop;
        this.backoff = new Backoff(fleet.settings().backoffInitial(), fleet.settings().backoffMax(), random);
        this.statusTopic = Topics.of(kioskId, vn.p06.protocol.Channel.STATUS);
    }

    String kioskId() {
        return kioskId;
    }

    boolean closed() {
        return closed;
    }

    /** Starts (or restarts) with this backlog; the first attempt after {@code delayMillis}. */
    void start(KioskBacklog newBacklog, long delayMillis) {
        loop.execute(() -> {
            backlog = newBacklog;
            stopped = false;
            closed = false;
            everConnected = false;
            reportedCaughtUp = false;
            backoff.reset();
            loop.schedule(this::connect, delayMillis, TimeUnit.MILLISECONDS);
        });
    }

    void stop() {
        loop.execute(() -> {
            stopped = true;
            if (connection != null && connection.channel.isActive()) {
                // 0x04: disconnect with will, so the server sees the kiosk go offline.
                connection.channel.writeAndFlush(MqttMessageBuilders.disconnect().reasonCode((byte) 0x04).build())
                        .addListener(f -> connection.channel.close());
            } else {
                closed = true;
            }
        });
    }

    private void connect() {
        if (stopped) {
            closed = true;
            return;
        }
        fleet.stats().attempts.increment();
        Connection attempt = new Connection();
        connection = attempt;
        ChannelFuture future = fleet.bootstrap(loop).handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                KioskKeyring keyring = fleet.settings().keyring();
                if (keyring != null) {
                    SSLEngine engine = keyring.newEngine(kioskId, channel.alloc(), fleet.settings().host(),
                            fleet.settings().port());
                    channel.pipeline().addLast(new SslHandler(engine));
                }
                channel.pipeline().addLast(new MqttDecoder(MAX_PACKET), MqttEncoder.INSTANCE,
                        new IdleStateHandler(0, (int) fleet.settings().keepAlive().toSeconds(), 0,
                                TimeUnit.SECONDS), attempt);
            }
        }).connect(fleet.settings().host(), fleet.settings().port());
        attempt.channel = future.channel();
        future.addListener(f -> {
            if (!f.isSuccess()) {
                fleet.stats().failure("tcp: " + f.cause().getClass().getSimpleName());
                retryLater();
            }
        });
    }

    private void retryLater() {
        if (stopped) {
            closed = true;
            return;
        }
        loop.schedule(this::connect, backoff.nextDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    private Envelope status(Body.Presence presence) {
        return Envelope.create(kioskId, System.currentTimeMillis(), ++statusSequence, new Body.Status(presence, "storm"));
    }

    /** One TCP (and TLS) connection; its handler and its packet state. */
    private final class Connection extends SimpleChannelInboundHandler<MqttMessage> {
        Channel channel;
        private boolean connackSeen;
        private int receiveMaximum = 65_535;
        private int nextPacketId;
        private final Map<Integer, KioskBacklog.Outgoing> inFlight = new HashMap<>();
        private final Queue<KioskBacklog.Outgoing> waiting = new ArrayDeque<>();
        private int statusInFlight;
        private int roundLeft;
        private long roundStartMillis;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (stopped) {
                ctx.close();
                return;
            }
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(),
                    (int) SESSION_EXPIRY_SECONDS));
            String password = fleet.settings().keyring() == null ? fleet.settings().password() : null;
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(kioskId)
                    .cleanSession(false).keepAlive((int) fleet.settings().keepAlive().toSeconds())
                    .willFlag(true).willQoS(MqttQoS.AT_LEAST_ONCE).willRetain(true).willTopic(statusTopic)
                    .willMessage(Codec.encode(status(Body.Presence.OFFLINE))).willProperties(new MqttProperties())
                    .hasUser(true).username(kioskId)
                    .hasPassword(password != null).password(password == null ? null
                            : password.getBytes(StandardCharsets.UTF_8))
                    .properties(properties).build());
            ctx.executor().schedule(() -> {
                if (!connackSeen && channel.isActive()) {
                    fleet.stats().failure("no CONNACK in 10 s");
                    channel.close();
                }
            }, CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
            if (message.decoderResult().isFailure()) {
                fleet.stats().failure("undecodable packet");
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> connack(ctx, (MqttConnAckMessage) message);
                case PUBACK -> puback(message);
                case PUBLISH -> inbound(ctx, (MqttPublishMessage) message);
                case SUBACK -> {
                    for (int code : ((MqttSubAckMessage) message).payload().reasonCodes()) {
                        if (code >= 0x80) {
                            fleet.stats().failure(String.format("SUBACK 0x%02x", code));
                        }
                    }
                }
                case DISCONNECT -> {
                    Object header = message.variableHeader();
                    int code = header instanceof MqttReasonCodeAndPropertiesVariableHeader reason
                            ? reason.reasonCode() & 0xff : 0;
                    fleet.stats().failure(String.format("DISCONNECT 0x%02x", code));
                }
                default -> {
                    // PINGRESP: nothing to do
                }
            }
        }

        private void connack(ChannelHandlerContext ctx, MqttConnAckMessage connack) {
            connackSeen = true;
            int code = connack.variableHeader().connectReturnCode().byteValue() & 0xff;
            if (code != 0) {
                fleet.stats().failure(String.format("CONNACK 0x%02x", code));
                ctx.close();
                return;
            }
            MqttProperties.MqttProperty<?> maximum = connack.variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value());
            if (maximum != null) {
                receiveMaximum = (Integer) maximum.value();
            }
            backoff.reset();
            if (!everConnected) {
                everConnected = true;
                fleet.kioskConnected();
            }
            MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(packetId());
            INBOUND.forEach(channel -> subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, Topics.of(kioskId, channel)));
            ctx.write(subscribe.build());
            statusInFlight++;
            publish(statusTopic, Codec.encode(status(Body.Presence.ONLINE)), true, null);
            ctx.flush();
            round();
        }

        private void round() {
            if (!channel.isActive() || stopped) {
                return;
            }
            long now = System.currentTimeMillis();
            List<KioskBacklog.Outgoing> messages = backlog.nextRound(now);
            if (messages.isEmpty()) {
                if (backlog.caughtUp()) {
                    caughtUp();
                    return;
                }
                // Waiting for confirmations: look again when a resend could be due, as the kiosk's timer would.
                long resendAt = backlog.nextResendAt();
                long delay = resendAt < 0 ? ROUND_MILLIS : Math.max(ROUND_MILLIS, resendAt - now);
                loop.schedule(this::round, delay, TimeUnit.MILLISECONDS);
                return;
            }
            roundStartMillis = now;
            roundLeft = messages.size();
            waiting.addAll(messages);
            drain();
        }

        /** Publishes what the broker's receive maximum allows. */
        private void drain() {
            boolean wrote = false;
            while (!waiting.isEmpty() && inFlight.size() + statusInFlight < receiveMaximum) {
                KioskBacklog.Outgoing message = waiting.poll();
                publish(message.envelope().topic(), Codec.encode(message.envelope()),
                        false, message);
                wrote = true;
            }
            if (wrote) {
                channel.flush();
            }
        }

        private void publish(String topic, byte[] payload, boolean retained,
                             KioskBacklog.Outgoing message) {
            int id = packetId();
            if (message != null) {
                inFlight.put(id, message);
            }
            channel.write(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE)
                    .retained(retained).messageId(id).payload(Unpooled.wrappedBuffer(payload)).build());
            fleet.stats().published.increment();
        }

        private int packetId() {
            do {
                nextPacketId = nextPacketId % 65_535 + 1;
            } while (inFlight.containsKey(nextPacketId));
            return nextPacketId;
        }

        private void puback(MqttMessage message) {
            int id = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
            boolean ok = !(message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply)
                    || (reply.reasonCode() & 0xff) < 0x80;
            if (!ok) {
                fleet.stats().failure(String.format("PUBACK 0x%02x",
                        ((MqttPubReplyMessageVariableHeader) message.variableHeader()).reasonCode() & 0xff));
            }
            fleet.stats().pubacks.increment();
            KioskBacklog.Outgoing outgoing = inFlight.remove(id);
            if (outgoing == null) {
                statusInFlight = Math.max(0, statusInFlight - 1);
                drain();
                return;
            }
            backlog.acknowledged(outgoing, ok, System.currentTimeMillis());
            if (ok && !fleet.settings().confirmations()) {
                confirmed(List.of(outgoing.envelope().id()));
            }
            drain();
            if (--roundLeft == 0) {
                // The kiosk's timer ticks every 100 ms; the next round starts on the first tick after the acks.
                long elapsed = System.currentTimeMillis() - roundStartMillis;
                long next = (elapsed / ROUND_MILLIS + 1) * ROUND_MILLIS - elapsed;
                loop.schedule(this::round, next, TimeUnit.MILLISECONDS);
            }
        }

        private void inbound(ChannelHandlerContext ctx, MqttPublishMessage publish) {
            if (publish.fixedHeader().qosLevel() != MqttQoS.AT_MOST_ONCE) {
                ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId())
                        .reasonCode((byte) 0).build());
            }
            String topic = publish.variableHeader().topicName();
            byte[] payload = ByteBufUtil.getBytes(publish.payload());
            try {
                Envelope envelope = Codec.decode(topic, payload);
                if (envelope.body() instanceof Body.Stored stored) {
                    confirmed(stored.messageIds());
                }
            } catch (ProtocolException e) {
                fleet.stats().failure("bad inbound message: " + e.reason());
            }
        }

        private void confirmed(List<String> messageIds) {
            fleet.stats().recordsConfirmed.add(backlog.stored(messageIds));
            if (backlog.caughtUp()) {
                caughtUp();
            }
        }

        private void caughtUp() {
            if (!reportedCaughtUp) {
                reportedCaughtUp = true;
                fleet.kioskCaughtUp();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                ctx.writeAndFlush(MqttMessage.PINGREQ);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable root = cause.getCause() != null ? cause.getCause() : cause;
            fleet.stats().failure((connackSeen ? "connection: " : "connect: ") + root.getClass().getSimpleName());
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            long now = System.currentTimeMillis();
            // Never acknowledged: sent again on the next connection, as the kiosk's outbox does.
            inFlight.values().forEach(message -> backlog.acknowledged(message, false, now));
            waiting.forEach(message -> backlog.acknowledged(message, false, now));
            inFlight.clear();
            waiting.clear();
            if (connackSeen) {
                fleet.stats().connectionsLost.increment();
            }
            if (stopped) {
                closed = true;
            } else if (connection == this) {
                retryLater();
            }
        }
    }
}
