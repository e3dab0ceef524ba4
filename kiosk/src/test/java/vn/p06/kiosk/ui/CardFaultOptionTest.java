package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.p06.kiosk.card.SimulatedCardReader;

/** {@code card.simulated-fault}: demos pick how the simulated card's reads end; every allowed word names a fault. */
class CardFaultOptionTest {

    @Test
    void wordsNameTheFaults() {
        assertThat(KioskApp.simulatedFault("cloned")).isEqualTo(SimulatedCardReader.Fault.CLONED);
        assertThat(KioskApp.simulatedFault("no-chip-proof")).isEqualTo(SimulatedCardReader.Fault.NO_CHIP_PROOF);
        assertThat(KioskApp.simulatedFault("none")).isEqualTo(SimulatedCardReader.Fault.NONE);
    }

    @Test
    void anUnknownWordListsTheChoices() {
        assertThatThrownBy(() -> KioskApp.simulatedFault("clone"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cloned").hasMessageContaining("no-chip-proof").hasMessageEndingWith("not clone");
    }

    @Test
    void everyWordTheSettingsAcceptNamesAFault() {
        for (String word : vn.p06.kiosk.config.KioskConfig.CARD_FAULTS.split("\\|")) {
            assertThat(KioskApp.simulatedFault(word)).isNotNull();
        }
    }
}
