package vn.p06.protocol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteConfigTest {

    @Test
    void aValidOverlayIsTypedAndComesBackAsTheSameText() throws Exception {
        Map<String, String> overlay = Map.of("kiosk.language", "en", "telemetry.health-interval-seconds", "60",
                "printer.kind", "cups", "session.timeout-seconds", "120", "session.warning-seconds", "20");

        RemoteConfig config = RemoteConfig.parse(overlay);

        assertThat(config.language()).isEqualTo("en");
        assertThat(config.healthIntervalSeconds()).isEqualTo(60);
        assertThat(config.cardReader()).isNull();
        assertThat(config.asMap()).isEqualTo(overlay);
    }

    @Test
    void everyBadKeyIsNamedOnItsOwnLine() {
        assertThatThrownBy(() -> RemoteConfig.parse(Map.of("kiosk.language", "fr", "session.timeout-seconds", "5",
                "printer.kind", "laser", "kiosk.commune", "", "telemetry.health-interval-seconds", "99999")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "kiosk.commune: must be 1 to 100 characters",
                        "kiosk.language: must be vi or en",
                        "printer.kind: must be none, simulated or cups",
                        "session.timeout-seconds: must be greater than or equal to 30",
                        "telemetry.health-interval-seconds: must be less than or equal to 3600"));
    }

    @Test
    void keysThatAreNotRemotelyChangeableAreRefusedByName() {
        // a path or an id could cut the kiosk off from the fleet; a typo must not pass silently
        assertThatThrownBy(() -> RemoteConfig.parse(Map.of("paths.data-dir", "/tmp", "kiosk.langauge", "en")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "kiosk.langauge: unknown key, or not one that can be changed remotely",
                        "paths.data-dir: unknown key, or not one that can be changed remotely"));
    }

    @Test
    void aValueOfTheWrongTypeNamesItsKey() {
        assertThatThrownBy(() -> RemoteConfig.parse(Map.of("session.timeout-seconds", "soon")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "session.timeout-seconds: must be a whole number, not \"soon\""));
    }

    @Test
    void theWarningMustComeBeforeTheTimeout() {
        assertThatThrownBy(() -> RemoteConfig.parse(Map.of("session.timeout-seconds", "60",
                "session.warning-seconds", "60")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "session.warning-seconds: must be less than session.timeout-seconds"));
    }

    @Test
    void theKeysAreTheFileKeys() {
        assertThat(RemoteConfig.keys()).contains("kiosk.language", "telemetry.health-interval-seconds")
                .doesNotContain("paths.data-dir", "fleet.bundle");
        assertThat(RemoteConfig.keys()).containsAll(RemoteConfig.LIVE_KEYS);
    }
}
