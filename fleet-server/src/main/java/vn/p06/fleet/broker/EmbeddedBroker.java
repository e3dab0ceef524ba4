package vn.p06.fleet.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE running inside the fleet server, with our authentication and topic ACL as an
 * embedded extension. Chosen for MQTT 5, shared subscriptions and its extension SDK
 * (shared/recipes/mqtt-brokers.md has the comparison).
 */
public final class EmbeddedBroker implements MqttBroker {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** Above the codec's limit, so that oversized messages reach ingest and are counted there. */
    private static final int MAX_PACKET_BYTES = 1024 * 1024;

    /** Where the broker keeps sessions, queued messages and retained messages. */
    public enum Persistence {
        /** On disk (the default): QoS 1 messages queued for ingest survive a restart or crash. */
        FILE("file"),
        /** In memory: about 3× the throughput, but a crash loses what ingest had not yet taken. */
        IN_MEMORY("in-memory");

        private final String hiveMqMode;

        Persistence(String hiveMqMode) {
            this.hiveMqMode = hiveMqMode;
        }
    }

    /**
     * The TLS listener: server key store and the fleet CA as trust store (PKCS#12 files, one
     * password). Client certificates are asked for but optional, so password kiosks keep working
     * during the migration; one that is presented must chain to the CA or the handshake fails.
     */
    public record TlsListener(int port, Path keyStore, Path trustStore, String password) {
        @Override
        public String toString() {
            return "TlsListener[port=" + port + "]";
        }
    }

    private final String bindAddress;
    private final Optional<TlsListener> tls;
    private final Persistence persistence;
    private final int port;
    private final Path dataDir;
    private final ServiceCredentials service;
    private final KioskAuthenticator authenticator;
    private final KioskAuthorizer authorizer;
    private final ExecutorService authExecutor;
    private EmbeddedHiveMQ hive;

    /**
     * @param tls          the TLS listener beside the plain one, or empty
     * @param certificates judges client certificates on the TLS listener
     */
    public EmbeddedBroker(String bindAddress, int port, Optional<TlsListener> tls, Path dataDir, Persistence persistence,
                          KioskCredentials credentials, KioskCertificates certificates, BrokerRefusals refusals) {
        this.bindAddress = bindAddress;
        this.tls = tls;
        this.persistence = persistence;
        this.port = port;
        this.dataDir = dataDir;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        // A fresh service password per start: it only ever lives in this process.
        this.service = new ServiceCredentials("_fleet-service", Base64.getUrlEncoder().encodeToString(secret));
        // Argon2 verification takes tens of milliseconds: keep it off HiveMQ's network threads.
        this.authExecutor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "broker-auth");
            thread.setDaemon(true);
            return thread;
        });
        this.authenticator = new KioskAuthenticator(service, credentials, certificates, refusals, authExecutor);
        this.authorizer = new KioskAuthorizer(new TopicAcl(service.username()), refusals);
    }

    @Override
    public void start() {
        Path conf = dataDir.resolve("conf");
        try {
            Files.createDirectories(conf);
            Files.createDirectories(dataDir.resolve("extensions"));
            Files.createDirectories(dataDir.resolve("data"));
            Files.writeString(conf.resolve("config.xml"), config());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare broker folder " + dataDir, e);
        }
        EmbeddedExtension extension = EmbeddedExtension.builder()
                .withId("fleet-security").withName("fleet-security").withVersion("1").withAuthor("fleet")
                .withPriority(1000).withStartPriority(1000)
                .withExtensionMain(new SecurityExtension())
                .build();
        hive = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(conf)
                .withDataFolder(dataDir.resolve("data"))
                .withExtensionsFolder(dataDir.resolve("extensions"))
                .withEmbeddedExtension(extension)
                .build();
        hive.start().join();
        log.info("embedded MQTT broker listening on {}:{}{}", bindAddress, port,
                tls.map(listener -> ", TLS on " + listener.port()).orElse(""));
    }

    /**
     * Topic aliases are off: Paho 1.2.5 resends a QoS 1 message that was in flight when the
     * connection dropped with the alias of the old connection and no topic, the broker answers
     * DISCONNECT 0x94, and the kiosk loops reconnecting for ever (eclipse-paho/paho.mqtt.java#1104).
     */
    private String config() {
        return """
                <?xml version="1.0"?>
                <hivemq>
                  <listeners><tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>%s</listeners>
                  <mqtt>
                    <queued-messages><max-queue-size>200000</max-queue-size></queued-messages>
                    <receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum>
                    <packets><max-packet-size>%d</max-packet-size></packets>
                    <topic-alias><enabled>false</enabled></topic-alias>
                  </mqtt>
                  <persistence><mode>%s</mode></persistence>
                  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, bindAddress, tlsListenerXml(), MAX_PACKET_BYTES, persistence.hiveMqMode);
    }

    private String tlsListenerXml() {
        return tls.map(listener -> """
                <tls-tcp-listener><port>%d</port><bind-address>%s</bind-address><tls>
                  <keystore><path>%s</path><password>%s</password><private-key-password>%s</private-key-password></keystore>
                  <truststore><path>%s</path><password>%s</password></truststore>
                  <client-authentication-mode>OPTIONAL</client-authentication-mode>
                  <protocols><protocol>TLSv1.3</protocol><protocol>TLSv1.2</protocol></protocols>
                </tls></tls-tcp-listener>""".formatted(listener.port(), bindAddress,
                listener.keyStore().toAbsolutePath(), listener.password(), listener.password(),
                listener.trustStore().toAbsolutePath(), listener.password())).orElse("");
    }

    @Override
    public String clientUrl() {
        String host = "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        return "tcp://" + host + ":" + port;
    }

    /** Where kiosks connect with TLS ({@code ssl://host:port}), if the TLS listener is on. */
    public Optional<String> tlsClientUrl() {
        String host = "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
        return tls.map(listener -> "ssl://" + host + ":" + listener.port());
    }

    @Override
    public ServiceCredentials serviceCredentials() {
        return service;
    }

    @Override
    public boolean sharedIngest() {
        return false;
    }

    @Override
    public void disconnect(String kioskId) {
        if (hive != null) {
            Services.clientService().disconnectClient(kioskId)
                    .whenComplete((found, error) -> log.info("kiosk {} disconnected by revocation (was connected: {})",
                            kioskId, found));
        }
    }

    @Override
    public void close() {
        if (hive != null) {
            try {
                hive.stop().join();
                hive.close();
            } catch (Exception e) {
                log.warn("broker did not stop cleanly: {}", e.toString());
            }
            hive = null;
        }
        authExecutor.shutdownNow();
    }

    private final class SecurityExtension implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
            Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
            Services.securityRegistry().setAuthorizerProvider(providerInput -> authorizer);
        }

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            // nothing to release: the providers die with the broker
        }
    }
}
