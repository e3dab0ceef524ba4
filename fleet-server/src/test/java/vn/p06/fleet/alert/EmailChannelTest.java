package vn.p06.fleet.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert e-mail over a real SMTP conversation with an in-process server (GreenMail) on an ephemeral port. */
class EmailChannelTest {
    private static final String KIOSK = "26734-001";

    @TempDir
    Path dir;
    private AlertFixture fleet;
    private GreenMail smtp;

    @BeforeEach
    void setUp() {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        fleet = new AlertFixture(dir);
        fleet.enroll(KIOSK);
        fleet.presence(KIOSK, true);
        fleet.engine.updateRule(Rule.OFFLINE, true, 0, 0, "critical", "test");
    }

    @AfterEach
    void tearDown() {
        fleet.close();
        smtp.stop();
    }

    private String openOfflineAlert() {
        fleet.presence(KIOSK, false);
        fleet.run(Duration.ofSeconds(10), Duration.ofSeconds(10));
        return fleet.engine.list(Set.of("open"), Optional.of(KIOSK)).get(0).id();
    }

    @Test
    void anOpenedAlertIsMailedToEveryRecipient() throws Exception {
        fleet.engine.saveSettings(new NotificationSettings(null, "127.0.0.1", smtp.getSmtp().getPort(),
                "fleet@p06.example", null, null, "it@ubnd.example, truc@ubnd.example"), "test");
        String id = openOfflineAlert();
        await().until(() -> smtp.getReceivedMessages().length == 2);
        MimeMessage[] mails = smtp.getReceivedMessages();
        // one message, a copy in each recipient's mailbox
        assertThat(mails[0].getAllRecipients()).extracting(Object::toString)
                .containsExactlyInAnyOrder("it@ubnd.example", "truc@ubnd.example");
        assertThat(mails[0].getFrom()[0].toString()).isEqualTo("fleet@p06.example");
        assertThat(mails[0].getSubject()).isEqualTo("[critical] offline on kiosk " + KIOSK);
        assertThat(GreenMailUtil.getBody(mails[0])).contains(KIOSK, "offline since", id);
        await().untilAsserted(() -> assertThat(fleet.engine.find(id).orElseThrow().notifications())
                .singleElement().satisfies(n -> {
                    assertThat(n.channel()).isEqualTo("email");
                    assertThat(n.state()).isEqualTo("sent");
                }));
    }

    @Test
    void anSmtpServerThatIsDownIsRetriedAndTheFailureShows() {
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        fleet.engine.saveSettings(new NotificationSettings(null, "127.0.0.1", port, null, null, null,
                "it@ubnd.example"), "test");
        String id = openOfflineAlert();
        await().untilAsserted(() -> assertThat(fleet.engine.find(id).orElseThrow().notifications())
                .singleElement().satisfies(n -> {
                    assertThat(n.state()).isEqualTo("failed");
                    assertThat(n.attempts()).isEqualTo(AlertFixture.POLICY.notifyAttempts());
                    assertThat(n.error()).isNotBlank();
                }));
    }
}
