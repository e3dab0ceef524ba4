package vn.p06.fleet.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Envelope;

class AlertEngineTest {
    private static final String KIOSK = "26734-001";

    @TempDir
    Path dir;
    private AlertFixture fleet;
    private WebhookReceiver webhook;

    @BeforeEach
    void setUp() throws Exception {
        fleet = new AlertFixture(dir);
        webhook = new WebhookReceiver();
        fleet.setWebhook(webhook.url());
        fleet.enroll(KIOSK);
        fleet.presence(KIOSK, true);
    }

    @AfterEach
    void tearDown() {
        webhook.close();
        fleet.close();
    }

    private List<Alert> alerts(String... states) {
        return fleet.engine.list(Set.of(states), Optional.of(KIOSK));
    }

    @Test
    void anOfflineKioskOpensOneAlertThatIsNotifiedAcknowledgedAndResolvedWhenItReturns() {
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofMinutes(4), Duration.ofSeconds(10));
        assertThat(alerts("open")).as("offline for less than the 5 minute threshold").isEmpty();

        fleet.run(Duration.ofMinutes(2), Duration.ofSeconds(10));
        Alert alert = alerts("open").get(0);
        assertThat(alert.rule()).isEqualTo("offline");
        assertThat(alert.severity()).isEqualTo("critical");
        assertThat(alert.commune()).isEqualTo("26734");
        assertThat(alert.value()).isGreaterThanOrEqualTo(5.0);
        await().untilAsserted(() -> assertThat(webhook.bodies).hasSize(1));
        assertThat(webhook.bodies.get(0)).contains("\"rule\":\"offline\"", "\"kioskId\":\"" + KIOSK + "\"");
        await().untilAsserted(() -> assertThat(fleet.engine.find(alert.id()).orElseThrow().notifications())
                .singleElement().satisfies(n -> {
                    assertThat(n.state()).isEqualTo("sent");
                    assertThat(n.attempts()).isEqualTo(1);
                }));

        Alert acknowledged = fleet.engine.acknowledge(alert.id(), "tran.it").orElseThrow();
        assertThat(acknowledged.state()).isEqualTo("acknowledged");
        assertThat(acknowledged.acknowledgedBy()).isEqualTo("tran.it");
        assertThat(fleet.audit).contains(new AlertFixture.Audit("tran.it", "alert.acknowledged", KIOSK,
                "offline " + alert.id()));

        fleet.presence(KIOSK, true);
        fleet.run(Duration.ofMinutes(4), Duration.ofSeconds(10));
        assertThat(alerts("acknowledged")).as("clear for less than the hold-down").hasSize(1);
        fleet.run(Duration.ofMinutes(2), Duration.ofSeconds(10));
        assertThat(alerts("resolved")).extracting(Alert::id).containsExactly(alert.id());
        assertThat(webhook.bodies).as("one notification in all").hasSize(1);
        assertThat(fleet.events).filteredOn(e -> e.type().equals("alert"))
                .extracting(e -> ((Alert) e.payload()).state()).contains("open", "acknowledged", "resolved");
    }

    @Test
    void aKioskThatFlapsTwentyTimesInTenMinutesIsOneAlertAndAtMostOneNotification() {
        fleet.engine.updateRule(Rule.OFFLINE, true, 0, 10, "critical", "test");
        for (int flap = 0; flap < 20; flap++) {
            fleet.presence(KIOSK, false);
            fleet.run(Duration.ofSeconds(20), Duration.ofSeconds(5));
            fleet.presence(KIOSK, true);
            fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(5));
        }
        fleet.run(Duration.ofMinutes(10), Duration.ofSeconds(5));
        await().pollDelay(Duration.ofMillis(200)).untilAsserted(() -> assertThat(webhook.bodies).hasSize(1));
        assertThat(alerts("open", "acknowledged", "resolved")).hasSize(1)
                .allSatisfy(alert -> assertThat(alert.state()).isEqualTo("resolved"));
    }

    @Test
    void aConditionBackWithinTheCoolDownReopensTheSameAlertWithoutANewNotification() {
        fleet.engine.updateRule(Rule.OFFLINE, true, 0, 0, "critical", "test");
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        String id = alerts("open").get(0).id();
        fleet.presence(KIOSK, true);
        fleet.run(Duration.ofMinutes(6), Duration.ofSeconds(10));
        assertThat(alerts("resolved")).extracting(Alert::id).containsExactly(id);

        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(alerts("open")).extracting(Alert::id).containsExactly(id);
        await().pollDelay(Duration.ofMillis(200)).untilAsserted(() -> assertThat(webhook.bodies).hasSize(1));

        // After the cool-down a new episode is a new alert, notified again.
        fleet.presence(KIOSK, true);
        fleet.run(Duration.ofMinutes(40), Duration.ofMinutes(1));
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(alerts("open")).extracting(Alert::id).doesNotContain(id).hasSize(1);
        await().untilAsserted(() -> assertThat(webhook.bodies).hasSize(2));
    }

    @Test
    void aConditionShorterThanForSecondsOpensNothing() {
        fleet.health(KIOSK, 1, 85.0, 50L << 30, Map.of(), null);
        fleet.run(Duration.ofSeconds(110), Duration.ofSeconds(10));
        assertThat(alerts("open")).isEmpty();
        fleet.health(KIOSK, 2, 60.0, 50L << 30, Map.of(), null);
        fleet.run(Duration.ofMinutes(5), Duration.ofSeconds(10));
        assertThat(alerts("open")).isEmpty();

        fleet.health(KIOSK, 3, 91.5, 50L << 30, Map.of(), null);
        fleet.run(Duration.ofSeconds(130), Duration.ofSeconds(10));
        assertThat(alerts("open")).singleElement().satisfies(alert -> {
            assertThat(alert.rule()).isEqualTo("temperature");
            assertThat(alert.value()).isEqualTo(91.5);
            assertThat(alert.severity()).isEqualTo("warning");
        });
    }

    @Test
    void diskPeripheralsAndAFailedRolloutRaiseTheirRules() {
        fleet.health(KIOSK, 1, 50.0, 5L << 30, Map.of(
                "printer", new Body.Peripheral(true, "paper-out", "tray empty"),
                "cardReader", new Body.Peripheral(false, "missing", null)), null);
        fleet.store(Envelope.create(KIOSK, fleet.clock.millis(), 1,
                new Body.ReportedState("2026.11.20-1", "2026.11.23-1", 40, 1, "blob 3f2a hash mismatch",
                        Body.ContentPhase.FAILED)));
        fleet.run(Duration.ofMinutes(6), Duration.ofSeconds(10));
        assertThat(alerts("open")).extracting(Alert::rule).containsExactlyInAnyOrder(
                "disk", "printer-paper-out", "card-reader-missing", "rollout-failed");
        assertThat(alerts("open")).filteredOn(a -> a.rule().equals("rollout-failed")).singleElement()
                .satisfies(a -> assertThat(a.detail()).contains("2026.11.23-1", "hash mismatch"));
        assertThat(alerts("open")).filteredOn(a -> a.rule().equals("disk")).singleElement()
                .satisfies(a -> assertThat(a.value()).isEqualTo(5.0));
    }

    @Test
    void aCertificateCloseToItsEndRaisesAnAlertWithTheRenewalError() {
        fleet.certificateHealth(KIOSK, 1, 200, null);
        fleet.run(Duration.ofMinutes(1), Duration.ofSeconds(10));
        assertThat(alerts("open")).as("200 days left: renewal is simply not due").isEmpty();

        fleet.certificateHealth(KIOSK, 2, 12, "HTTP 401 from the fleet server");
        fleet.run(Duration.ofMinutes(1), Duration.ofSeconds(10));

        assertThat(alerts("open")).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("certificate-expiring");
            assertThat(a.value()).isEqualTo(12.0);
            assertThat(a.detail()).contains("ends in 12 days", "HTTP 401");
        });
    }

    @Test
    void aDisabledRuleRaisesNothing() {
        fleet.engine.updateRule(Rule.OFFLINE, false, 5, 0, "critical", "tran.it");
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofMinutes(30), Duration.ofMinutes(1));
        assertThat(alerts("open")).isEmpty();
        assertThat(fleet.audit).extracting(AlertFixture.Audit::action).contains("alert-rule.updated");
    }

    @Test
    void aWebhookThatKeepsFailingIsRetriedAndTheFailureShowsOnTheAlert() {
        webhook.answer(503);
        fleet.engine.updateRule(Rule.OFFLINE, true, 0, 0, "critical", "test");
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        String id = alerts("open").get(0).id();
        await().untilAsserted(() -> assertThat(fleet.engine.find(id).orElseThrow().notifications())
                .singleElement().satisfies(n -> {
                    assertThat(n.state()).isEqualTo("failed");
                    assertThat(n.attempts()).isEqualTo(AlertFixture.POLICY.notifyAttempts());
                    assertThat(n.error()).isEqualTo("webhook answered HTTP 503");
                }));
        assertThat(webhook.bodies).hasSize(AlertFixture.POLICY.notifyAttempts());
        assertThat(alerts("open")).as("the alert itself is kept").extracting(Alert::id).containsExactly(id);
        assertThat(fleet.events).filteredOn(e -> e.type().equals("alert"))
                .anySatisfy(e -> assertThat(((Alert) e.payload()).notifications()).isNotEmpty());
    }

    @Test
    void aWebhookThatFailsOnceIsDeliveredOnTheRetry() {
        webhook.failNext(1, 500);
        fleet.engine.updateRule(Rule.OFFLINE, true, 0, 0, "critical", "test");
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        String id = alerts("open").get(0).id();
        await().untilAsserted(() -> assertThat(fleet.engine.find(id).orElseThrow().notifications())
                .singleElement().satisfies(n -> {
                    assertThat(n.state()).isEqualTo("sent");
                    assertThat(n.attempts()).isEqualTo(2);
                    assertThat(n.error()).isNull();
                }));
    }

    @Test
    void anUnreachableWebhookFailsWithItsReason() {
        fleet.setWebhook("http://127.0.0.1:1/hook");
        fleet.engine.updateRule(Rule.OFFLINE, true, 0, 0, "critical", "test");
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        String id = alerts("open").get(0).id();
        await().untilAsserted(() -> assertThat(fleet.engine.find(id).orElseThrow().notifications())
                .singleElement().satisfies(n -> {
                    assertThat(n.state()).isEqualTo("failed");
                    assertThat(n.error()).contains("refused");
                }));
    }

    @Test
    void revokedKiosksAndKiosksThatNeverConnectedRaiseNothing() {
        fleet.enroll("26734-002");
        fleet.kiosks.revoke(KIOSK);
        fleet.run(Duration.ofHours(1), Duration.ofMinutes(1));
        assertThat(fleet.engine.list(Set.of(), Optional.empty())).isEmpty();
    }
}
