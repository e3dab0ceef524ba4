package vn.p06.fleet.ingest;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.MqttBroker;

/**
 * Ingest's MQTT 5 connection, on Netty's MQTT codec rather than Paho: Paho's receiver copies every
 * payload into the message one byte at a time (twice), which was 22 % of the server's CPU in the
 * 10,000-kiosk storm (docs/BENCHMARKS.md). Everything else of the server stays on Paho.
 * <p>
 * What it does is what ingest needs and no more: a persistent session (clean start off, the session
 * expiry it is given), QoS 1 subscriptions renewed on every connect, manual PUBACKs, reconnection
 * from 1 s doubling to 30 s, keep-alive pings, TLS for an {@code ssl://} broker. One event-loop
 * thread reads; a full ingest queue blocks it in {@link Listener#message}, so the socket is not read
 * while the store is behind (back-pressure onto the broker, as with Paho's callback thread).
 */
final class IngestConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(IngestConnection.class);
    /** MQTT's own largest packet: an oversized payload reaches the codec and is refused there, with its reason. */
    private static final int MAX_PACKET_BYTES = 268_435_455;
    private static final int KEEP_ALIVE_SECONDS = 30;
    private static final long MIN_RETRY_MILLIS = 1_000;
    private static final long MAX_RETRY_MILLIS = 30_000;

    /** What the connection hands over. Runs on the connection's thread; may block it. */
    interface Listener {
        /**
         * A message; {@code ack} sends its PUBACK (from any thread) and is a no-op once the connection
         * it came on is gone: the broker then redelivers it on the next one.
         */
        void message(String topic, byte[] payload, Runnable ack) throws InterruptedException;
    }

    private final URI url;
    private final String clientId;
    private final MqttBroker.ServiceCredentials credentials;
    private final long sessionExpirySeconds;
    private final List<String> filters;
    private final Listener listener;
    private final EventLoopGroup group;
    private final SslContext ssl;
    private final CompletableFuture<Void> firstConnect = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile Channel channel;
    private long retryMillis = MIN_RETRY_MILLIS;

    IngestConnection(String url, String clientId, MqttBroker.ServiceCredentials credentials, long sessionExpirySeconds,
                     List<String> filters, Listener listener) throws SSLException {
        this.url = URI.create(url);
        this.clientId = clientId;
        this.credentials = credentials;
        this.sessionExpirySeconds = sessionExpirySeconds;
        this.filters = List.copyOf(filters);
        this.listener = listener;
        // The JDK's trust store, as Paho used for ssl://: a broker run by someone else has a public certificate.
        this.ssl = "ssl".equals(this.url.getScheme()) ? SslContextBuilder.forClient().build() : null;
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("ingest-mqtt", true));
    }

    /** Connects and waits for the broker to accept (CONNACK), as the server must not start without it. */
    void start(Duration timeout) throws IOException {
        group.execute(this::connect);
        try {
            firstConnect.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("ingest could not connect to " + url + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("ingest could not connect to " + url + " within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + url, e);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        int port = url.getPort() > 0 ? url.getPort() : ssl != null ? 8883 : 1883;
        Session session = new Session();
        ChannelFuture future = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (ssl != null) {
                            SSLEngine engine = ssl.newEngine(channel.alloc(), url.getHost(), port);
                            SSLParameters parameters = engine.getSSLParameters();
                            parameters.setEndpointIdentificationAlgorithm("HTTPS");
                            engine.setSSLParameters(parameters);
                            channel.pipeline().addLast(new SslHandler(engine));
                        }
                        channel.pipeline().addLast(new MqttDecoder(MAX_PACKET_BYTES), MqttEncoder.INSTANCE,
                                new IdleStateHandler(2 * KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, 0), session);
                    }
                }).connect(url.getHost(), port);
        future.addListener(done -> {
            if (!done.isSuccess()) {
                String why = "cannot reach the broker: " + done.cause().getMessage();
                if (!firstConnect.completeExceptionally(new IOException(why))) {
                    log.warn("ingest: {}", why);
                    retryLater();
                }
            } else {
                future.channel().closeFuture().addListener(gone -> {
                    if (!session.accepted) {
                        firstConnect.completeExceptionally(new IOException("the broker closed the connection before CONNACK"));
                    } else if (!closed) {
                        log.warn("ingest lost the broker at {}", url);
                    }
                    retryLater();
                });
            }
        });
    }

    private void retryLater() {
        if (closed || !firstConnect.isDone() || firstConnect.isCompletedExceptionally()) {
            return;
        }
        long delay = retryMillis;
        retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
        group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        Channel current = channel;
        if (current != null && current.isActive()) {
            current.writeAndFlush(MqttMessageBuilders.disconnect().build()).addListener(f -> current.close());
            current.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** One TCP connection and its MQTT session state. */
    private final class Session extends SimpleChannelInboundHandler<MqttMessage> {
        boolean accepted;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            MqttProperties properties = new MqttProperties();
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), (int) sessionExpirySeconds));
            properties.add(new MqttProperties.IntegerProperty(
                    MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(), 65_535));
            ctx.writeAndFlush(MqttMessageBuilders.connect().protocolVersion(MqttVersion.MQTT_5).clientId(clientId)
                    .cleanSession(false).keepAlive(KEEP_ALIVE_SECONDS)
                    .hasUser(true).username(credentials.username())
                    .hasPassword(true).password(credentials.password().getBytes(StandardCharsets.UTF_8))
                    .properties(properties).build());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) throws InterruptedException {
            if (message.decoderResult().isFailure()) {
                log.error("ingest: undecodable packet from the broker ({}); reconnecting",
                        message.decoderResult().cause().toString());
                ctx.close();
                return;
            }
            switch (message.fixedHeader().messageType()) {
                case CONNACK -> connack(ctx, (MqttConnAckMessage) message);
                case PUBLISH -> publish(ctx, (MqttPublishMessage) message);
                case SUBACK -> {
                    for (int code : ((MqttSubAckMessage) message).payload().reasonCodes()) {
                        if (code >= 0x80) {
                            log.error("ingest subscription refused by the broker: reason code {}", code);
                        }
                    }
                }
                case DISCONNECT -> {
                    int code = message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader reason
                            ? reason.reasonCode() & 0xff : 0;
                    log.warn("ingest: the broker disconnected us, reason code 0x{}", Integer.toHexString(code));
                }
                default -> {
                    // PINGRESP: the read itself keeps the reader-idle timer quiet
                }
            }
        }

        private void connack(ChannelHandlerContext ctx, MqttConnAckMessage connack) {
            int code = connack.variableHeader().connectReturnCode().byteValue() & 0xff;
            if (code != 0) {
                String why = String.format("the broker refused the login of %s: CONNACK reason code 0x%02x", clientId, code);
                if (!firstConnect.completeExceptionally(new IOException(why))) {
                    log.error("ingest: {}", why); // retried when the connection has closed
                }
                ctx.close();
                return;
            }
            accepted = true;
            channel = ctx.channel();
            retryMillis = MIN_RETRY_MILLIS;
            log.info("ingest connected to {} as {}", url, clientId);
            // Renewed every time: cheap, and a broker that lost its session state still delivers.
            MqttMessageBuilders.SubscribeBuilder subscribe = MqttMessageBuilders.subscribe().messageId(1);
            filters.forEach(filter -> subscribe.addSubscription(MqttQoS.AT_LEAST_ONCE, filter));
            ctx.writeAndFlush(subscribe.build());
            firstConnect.complete(null);
        }

        private void publish(ChannelHandlerContext ctx, MqttPublishMessage publish) throws InterruptedException {
            Channel from = ctx.channel();
            int packetId = publish.variableHeader().packetId();
            Runnable ack = publish.fixedHeader().qosLevel() == MqttQoS.AT_MOST_ONCE ? () -> { } : () -> {
                if (from.isActive()) {
                    from.writeAndFlush(MqttMessageBuilders.pubAck().packetId(packetId).reasonCode((byte) 0).build());
                }
            };
            listener.message(publish.variableHeader().topicName(), ByteBufUtil.getBytes(publish.payload()), ack);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(MqttMessage.PINGREQ);
                } else if (idle.state() == IdleState.READER_IDLE) {
                    log.warn("ingest: nothing from the broker for {} s; reconnecting", 2 * KEEP_ALIVE_SECONDS);
                    ctx.close();
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("ingest connection: {}", cause.toString());
            ctx.close();
        }
    }
}
