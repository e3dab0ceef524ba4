package vn.p06.kiosk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSyncTest {
    @TempDir
    Path dir;

    private ConfigFile file() throws Exception {
        return ConfigFile.read(Optional.empty(), Map.of("paths.data-dir", dir.toString()));
    }

    @Test
    void anOverlayIsAppliedKeptAndHandedToTheListeners() throws Exception {
        ConfigSync sync = ConfigSync.open(file(), dir);
        List<ConfigSync.Change> changes = new ArrayList<>();
        sync.onChange(changes::add);

        ConfigSync.Outcome outcome = sync.desired(3, Map.of("kiosk.language", "en", "printer.kind", "simulated"));

        assertThat(outcome).isEqualTo(new ConfigSync.Outcome.Applied(3, Set.of("printer.kind")));
        assertThat(outcome.detail()).contains("config 3: restart needed for printer.kind");
        assertThat(sync.current().kiosk().language()).isEqualTo("en");
        assertThat(changes).singleElement().satisfies(change ->
                assertThat(change.changed()).containsExactly("kiosk.language", "printer.kind"));
        // a restart: the overlay is read back from the data directory
        ConfigSync again = ConfigSync.open(file(), dir);
        assertThat(again.version()).isEqualTo(3);
        assertThat(again.current().printer().kind()).isEqualTo("simulated");
        assertThat(dir.resolve(ConfigSync.FILE)).exists();
        try (var left = Files.list(dir)) {
            assertThat(left).extracting(p -> p.getFileName().toString()).containsExactly(ConfigSync.FILE);
        }
    }

    @Test
    void theSameDesiredStateAgainChangesNothing() throws Exception {
        ConfigSync sync = ConfigSync.open(file(), dir);
        sync.desired(2, Map.of("telemetry.health-interval-seconds", "60"));
        List<ConfigSync.Change> changes = new ArrayList<>();
        sync.onChange(changes::add);

        assertThat(sync.desired(2, Map.of("telemetry.health-interval-seconds", "60")))
                .isEqualTo(new ConfigSync.Outcome.Applied(2, Set.of()));
        assertThat(changes).isEmpty();
    }

    @Test
    void aBadOverlayIsRefusedNamingTheKeyAndTheOldSettingsStay() throws Exception {
        ConfigSync sync = ConfigSync.open(file(), dir);
        sync.desired(1, Map.of("kiosk.language", "en"));
        List<ConfigSync.Change> changes = new ArrayList<>();
        sync.onChange(changes::add);

        ConfigSync.Outcome outcome = sync.desired(2, Map.of("kiosk.language", "fr", "paths.data-dir", "/"));

        assertThat(outcome.version()).isEqualTo(1);
        assertThat(outcome.detail()).contains("config 2 refused: kiosk.language: must be vi or en; "
                + "paths.data-dir: unknown key, or not one that can be changed remotely");
        assertThat(sync.current().kiosk().language()).isEqualTo("en");
        assertThat(changes).isEmpty();
        assertThat(ConfigSync.open(file(), dir).version()).isEqualTo(1);
    }

    @Test
    void anOverlayThatBreaksACrossFieldRuleIsRefused() throws Exception {
        // card.reader may be changed remotely, but a PC/SC reader needs CSCA certificates on this kiosk
        ConfigSync sync = ConfigSync.open(file(), dir);

        ConfigSync.Outcome outcome = sync.desired(1, Map.of("card.reader", "pcsc"));

        assertThat(outcome).isInstanceOf(ConfigSync.Outcome.Refused.class);
        assertThat(outcome.detail().orElseThrow()).contains("card.csca: must name an existing file");
        assertThat(sync.current().card().reader()).isEqualTo("none");
    }

    @Test
    void aKeptOverlayTheFileNoLongerAllowsIsSetAside() throws Exception {
        Path csca = Files.createDirectories(dir.resolve("csca"));
        ConfigFile withCsca = ConfigFile.read(Optional.empty(), Map.of("paths.data-dir", dir.toString(),
                "card.csca", csca.toString()));
        ConfigSync.open(withCsca, dir).desired(4, Map.of("card.reader", "pcsc"));

        // IT staff removed the certificates' path from the file since
        ConfigSync sync = ConfigSync.open(file(), dir);

        assertThat(sync.version()).isZero();
        assertThat(sync.current().card().reader()).isEqualTo("none");
    }
}
