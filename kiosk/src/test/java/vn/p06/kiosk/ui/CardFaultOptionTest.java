package vn.p06.kiosk.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import vn.p06.kiosk.card.SimulatedCardReader;

/** {@code --card-fault}: demos pick how the simulated card's reads end, a typo is named. */
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
}
