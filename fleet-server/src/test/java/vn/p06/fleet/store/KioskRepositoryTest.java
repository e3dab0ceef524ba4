package vn.p06.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presence ordering and enrollment on a real H2 file. */
class KioskRepositoryTest {
    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    @TempDir
    Path dir;
    Database database;
    KioskRepository kiosks;

    @BeforeEach
    void open() {
        database = TestStores.open(dir);
        kiosks = new KioskRepository(database);
        kiosks.enroll("26734-001", "26734", "hash", NOW);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private boolean online() {
        return kiosks.find("26734-001").orElseThrow().online();
    }

    @Test
    void theWillOfAConnectionBeatsItsOnlineWhicheverArrivesFirst() {
        kiosks.applyPresence("26734-001", false, 100, null, NOW); // will, delivered early
        kiosks.applyPresence("26734-001", true, 100, "0.1.0", NOW);

        assertThat(online()).isFalse();
    }

    @Test
    void aNewerConnectionBeatsTheLateWillOfAnOlderOne() {
        kiosks.applyPresence("26734-001", true, 200, null, NOW);
        kiosks.applyPresence("26734-001", false, 100, null, NOW);

        assertThat(online()).isTrue();
    }

    @Test
    void aRepeatedRetainedStatusChangesNothing() {
        assertThat(kiosks.applyPresence("26734-001", true, 300, null, NOW)).isTrue();
        assertThat(kiosks.applyPresence("26734-001", true, 300, null, NOW)).isFalse();
    }

    @Test
    void afterABrokerRestartAStaleRetainedOnlineIsIgnoredButANewConnectionCounts() {
        kiosks.applyPresence("26734-001", true, 400, null, NOW);

        kiosks.markAllOffline(NOW);
        kiosks.applyPresence("26734-001", true, 400, null, NOW); // the retained one, redelivered
        assertThat(online()).isFalse();

        kiosks.applyPresence("26734-001", true, 500, null, NOW);
        assertThat(online()).isTrue();
    }

    @Test
    void reEnrollingReplacesTheCredentialAndLiftsARevocation() {
        kiosks.revoke("26734-001");
        assertThat(kiosks.credential("26734-001")).hasValueSatisfying(c -> assertThat(c.revoked()).isTrue());

        assertThat(kiosks.enroll("26734-001", "26734", "new-hash", NOW)).isEqualTo(KioskRepository.Enrollment.REPLACED);

        assertThat(kiosks.credential("26734-001")).contains(new KioskRepository.Credential("new-hash", false));
        assertThat(kiosks.list(Optional.of("26734"))).hasSize(1);
        assertThat(kiosks.list(Optional.of("11111"))).isEmpty();
    }

    @Test
    void aRevokedKioskNeverComesBackOnline() {
        kiosks.revoke("26734-001");
        kiosks.applyPresence("26734-001", true, 600, null, NOW);

        assertThat(online()).isFalse();
    }
}
