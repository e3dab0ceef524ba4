package vn.p06.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.KioskMqtt;
import vn.p06.fleet.TestFleet;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.testsupport.RecordingMqttClient;

/** Ingest's own MQTT connection against the real embedded broker. */
class IngestConnectionTest {
    private static final String TOPIC = "kiosk/v1/26734-001/health";

    private record Delivery(String topic, byte[] payload, Runnable ack) {
    }

    @TempDir
    Path dir;
    private TestFleet fleet;
    private final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        fleet = TestFleet.start(dir);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private IngestConnection connection(MqttBroker.ServiceCredentials credentials) throws IOException {
        return new IngestConnection(fleet.mqttUrl(), "fleet-ingest-probe", credentials, 600, List.of("kiosk/v1/+/health"),
                (topic, payload, ack) -> deliveries.add(new Delivery(topic, payload, ack)));
    }

    private Delivery next() throws InterruptedException {
        Delivery delivery = deliveries.poll(20, TimeUnit.SECONDS);
        assertThat(delivery).as("a message within 20 s").isNotNull();
        return delivery;
    }

    private void publish(byte[] payload) throws Exception {
        MqttBroker.ServiceCredentials service = fleet.server.brokerServiceCredentials();
        try (RecordingMqttClient publisher = KioskMqtt.connect(fleet.mqttUrl(), "fleet-probe-publisher",
                service.username(), service.password(), null, System.currentTimeMillis())) {
            assertThat(publisher.publish(TOPIC, payload, false)).containsOnly(0);
        }
    }

    @Test
    void wrongCredentialsStopTheStartWithTheBrokersReason() throws IOException {
        MqttBroker.ServiceCredentials service = fleet.server.brokerServiceCredentials();
        try (IngestConnection wrong = connection(new MqttBroker.ServiceCredentials(service.username(), "not-the-password"))) {
            assertThatThrownBy(() -> wrong.start(Duration.ofSeconds(20)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("refused the login of fleet-ingest-probe: CONNACK reason code 0x86");
        }
        assertThat(deliveries).isEmpty();
    }

    @Test
    void aMessageNotAcknowledgedComesAgainOnTheNextConnectionWholeAndAnOldAckSendsNothing() throws Exception {
        byte[] big = new byte[200 * 1024]; // above the codec's limit: it must still arrive whole, to be refused there
        new Random(7).nextBytes(big);
        Delivery delivered;
        try (IngestConnection first = connection(fleet.server.brokerServiceCredentials())) {
            first.start(Duration.ofSeconds(20));
            publish(big);
            delivered = next();
            assertThat(delivered.topic()).isEqualTo(TOPIC);
            assertThat(delivered.payload()).isEqualTo(big);
        } // closed without a PUBACK

        try (IngestConnection second = connection(fleet.server.brokerServiceCredentials())) {
            second.start(Duration.ofSeconds(20));
            Delivery again = next();
            assertThat(again.payload()).isEqualTo(big);
            delivered.ack().run(); // from the closed connection: a no-op, not an error
            again.ack().run();
            publish("after".getBytes(StandardCharsets.UTF_8));
            assertThat(next().payload()).asString(StandardCharsets.UTF_8).isEqualTo("after");
        } // "after" not acknowledged

        try (IngestConnection third = connection(fleet.server.brokerServiceCredentials())) {
            third.start(Duration.ofSeconds(20));
            // The big message was acknowledged on the second connection: only "after" comes back.
            assertThat(next().payload()).asString(StandardCharsets.UTF_8).isEqualTo("after");
        }
    }
}
