package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.sf.scuba.smartcards.CardServiceException;
import org.jmrtd.lds.CardAccessFile;
import org.jmrtd.lds.PACEInfo;
import org.jmrtd.lds.SecurityInfo;
import org.junit.jupiter.api.Test;

/**
 * PACE-then-BAC order, on a fake chip that fails where told; PaceTest runs the same paths on the
 * real PC/SC stack against the emulator's PACE.
 */
class AccessControlTest {

    /** A chip that logs the calls and fails where told. */
    static final class FakeChip implements ChipAccess {
        final List<String> calls = new ArrayList<>();
        byte[] cardAccess;
        int cardAccessSw = 0x6A82;
        boolean paceWorks = true;
        boolean bacWorks = true;
        boolean cardLeavesDuringPace;

        @Override
        public Optional<byte[]> readCardAccess() throws CardServiceException {
            calls.add("read CardAccess");
            if (cardAccess == null) {
                throw new CardServiceException("file not found", cardAccessSw);
            }
            return Optional.of(cardAccess);
        }

        @Override
        public void doPace(AccessKey key, PACEInfo info) throws CardServiceException {
            calls.add("PACE " + key.getClass().getSimpleName());
            if (cardLeavesDuringPace) {
                throw new CardServiceException("transmit failed", new IllegalStateException("Card has been removed"));
            }
            if (!paceWorks) {
                throw new CardServiceException("PACE failed", 0x6300);
            }
        }

        @Override
        public void selectApplet(boolean afterPace) {
            calls.add("SELECT " + (afterPace ? "after PACE" : "plain"));
        }

        @Override
        public void doBac(MrzKey key) throws CardServiceException {
            calls.add("BAC");
            if (!bacWorks) {
                throw new CardServiceException("BAC failed in MUTUAL AUTH", 0x6300);
            }
        }
    }

    private static byte[] paceCardAccess() {
        // ECDH generic mapping, AES-128, brainpoolP256r1 (parameter id 13): what newer ID cards list.
        return cardAccess(13);
    }

    private static byte[] cardAccess(int parameterId) {
        List<SecurityInfo> infos = List.of(new PACEInfo(SecurityInfo.ID_PACE_ECDH_GM_AES_CBC_CMAC_128, 2, parameterId));
        return new CardAccessFile(infos).getEncoded();
    }

    @Test
    void aChipWithoutCardAccessIsOpenedWithBac() throws Exception {
        FakeChip chip = new FakeChip();
        assertThat(AccessControl.open(chip, TestCard.KEY)).isEqualTo(AccessControl.Protocol.BAC);
        assertThat(chip.calls).containsExactly("read CardAccess", "SELECT plain", "BAC");
    }

    @Test
    void paceIsTriedFirstAndBacIsNotNeededWhenItWorks() throws Exception {
        FakeChip chip = new FakeChip();
        chip.cardAccess = paceCardAccess();
        assertThat(AccessControl.open(chip, TestCard.KEY)).isEqualTo(AccessControl.Protocol.PACE);
        assertThat(chip.calls).containsExactly("read CardAccess", "PACE MrzKey", "SELECT after PACE");
    }

    @Test
    void aFailedPaceFallsBackToBac() throws Exception {
        FakeChip chip = new FakeChip();
        chip.cardAccess = paceCardAccess();
        chip.paceWorks = false;
        assertThat(AccessControl.open(chip, TestCard.KEY)).isEqualTo(AccessControl.Protocol.BAC);
        assertThat(chip.calls).containsExactly("read CardAccess", "PACE MrzKey", "SELECT plain", "BAC");
    }

    @Test
    void aKeyRefusedByBothIsAWrongKey() {
        FakeChip chip = new FakeChip();
        chip.cardAccess = paceCardAccess();
        chip.paceWorks = false;
        chip.bacWorks = false;
        assertThatThrownBy(() -> AccessControl.open(chip, TestCard.KEY))
                .isInstanceOfSatisfying(AccessControl.AccessDenied.class, e -> assertThat(e.unsupported).isFalse());
    }

    @Test
    void aCanOpensOnlyThroughPace() throws Exception {
        FakeChip withPace = new FakeChip();
        withPace.cardAccess = paceCardAccess();
        assertThat(AccessControl.open(withPace, new CanKey("123456"))).isEqualTo(AccessControl.Protocol.PACE);

        FakeChip bacOnly = new FakeChip();
        assertThatThrownBy(() -> AccessControl.open(bacOnly, new CanKey("123456")))
                .isInstanceOfSatisfying(AccessControl.AccessDenied.class, e -> assertThat(e.unsupported).isTrue());
        assertThat(bacOnly.calls).doesNotContain("BAC");
    }

    @Test
    void aLostCardWhileLookingForCardAccessIsNotMistakenForBacOnly() {
        FakeChip chip = new FakeChip();
        chip.cardAccessSw = CardServiceException.SW_NONE;
        assertThatThrownBy(() -> AccessControl.open(chip, TestCard.KEY)).isInstanceOf(CardServiceException.class);
    }

    @Test
    void parametersJmrtdCannotRunAreSkippedForBacAndMakeACanUnsupported() throws Exception {
        FakeChip chip = new FakeChip();
        chip.cardAccess = cardAccess(3); // reserved id: no curve, no group
        assertThat(AccessControl.open(chip, TestCard.KEY)).isEqualTo(AccessControl.Protocol.BAC);
        assertThat(chip.calls).containsExactly("read CardAccess", "SELECT plain", "BAC");

        FakeChip forCan = new FakeChip();
        forCan.cardAccess = cardAccess(3);
        assertThatThrownBy(() -> AccessControl.open(forCan, new CanKey("123456")))
                .isInstanceOfSatisfying(AccessControl.AccessDenied.class, e -> assertThat(e.unsupported).isTrue());
    }

    @Test
    void aCardLostDuringPaceIsACardLossNotABacFallback() {
        FakeChip chip = new FakeChip();
        chip.cardAccess = paceCardAccess();
        chip.cardLeavesDuringPace = true;
        assertThatThrownBy(() -> AccessControl.open(chip, TestCard.KEY)).isInstanceOf(CardServiceException.class)
                .satisfies(e -> assertThat(CardLoss.isCardLoss(e)).isTrue());
        assertThat(chip.calls).doesNotContain("BAC");
    }

    @Test
    void aRefusedCanAsksForNoMrzFields() {
        assertThat(AccessControl.fieldsToCheck(new CanKey("123456"))).isEmpty();
        assertThat(AccessControl.fieldsToCheck(TestCard.KEY)).containsExactly(MrzField.values());
    }
}
