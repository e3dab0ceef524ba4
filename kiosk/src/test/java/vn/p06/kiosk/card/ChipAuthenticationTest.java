package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chip and active authentication through the real PC/SC stack: pcscd + vpcd + our vicc ePass with
 * chip_auth.py, whose private keys come from the card folder ({@link TestCard}). A clone is the
 * genuine DG14/DG15 (passive authentication passes) on a chip with other keys.
 */
@ExtendWith(PcscStack.class)
class ChipAuthenticationTest {
    @TempDir
    Path tmp;

    private VirtualCardStack stack;
    private PcscCardReader reader;
    private final RecordedEvents usage = new RecordedEvents();
    private final List<ReadStep> steps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(VirtualCardStack stack) throws Exception {
        this.stack = stack;
        reader = PcscCardReader.start(PcscCardReader.Config.defaults(TestCard.trustStore(tmp.resolve("csca")), usage));
    }

    @AfterEach
    void tearDown() {
        reader.close();
        stack.pull();
    }

    private ReadResult read(TestCard card) throws Exception {
        stack.insert(card.writeTo(tmp.resolve("card")));
        return reader.read(TestCard.KEY, ReadRequest.FULL, (step, done, total) -> steps.add(step));
    }

    @Test
    void aGenuineChipPassesChipAuthenticationAndTheRestIsReadUnderTheNewKeys() throws Exception {
        ReadResult result = read(new TestCard().chipAuthentication());

        assertThat(result).isInstanceOf(ReadResult.Read.class);
        CardSession s = ((ReadResult.Read) result).session();
        assertThat(s.chipProof()).isEqualTo(ChipProof.GENUINE);
        assertThat(s.chipProofMethod()).isEqualTo(ChipAuthentication.Method.CA);
        assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
        // The emulator switched to the CA keys after MSE:Set KAT: DG1, DG13 and the face only
        // read (and verify) because the kiosk switched too.
        assertThat(steps).containsSubsequence(ReadStep.DG14, ReadStep.CHIP_AUTHENTICATION, ReadStep.DG1, ReadStep.DG13,
                ReadStep.DG2, ReadStep.DONE);
        assertThat(s.citizen().fullName()).isEqualTo(TestCard.FULL_NAME);
        assertThat(s.face()).isPresent();
        assertThat(s.files().dataGroups()).containsOnlyKeys(1, 2, 13, 14, 15);
        assertThat(usage.last().attributes()).containsEntry("outcome", "ok").containsEntry("chip_proof", "genuine")
                .containsEntry("chip_auth", "ca");
    }

    @Test
    void aGenuineChipWithOnlyDg15PassesActiveAuthentication() throws Exception {
        ReadResult result = read(new TestCard().activeAuthenticationOnly());

        CardSession s = ((ReadResult.Read) result).session();
        assertThat(s.chipProof()).isEqualTo(ChipProof.GENUINE);
        assertThat(s.chipProofMethod()).isEqualTo(ChipAuthentication.Method.AA);
        assertThat(s.citizen().idNumber()).isEqualTo(TestCard.ID_NUMBER);
        assertThat(usage.last().attributes()).containsEntry("chip_proof", "genuine").containsEntry("chip_auth", "aa");
    }

    @Test
    void aClonedChipFailsChipAuthenticationAndNoPersonalDataIsRead() throws Exception {
        ReadResult result = read(new TestCard().chipAuthentication().cloned());

        assertThat(result).isInstanceOf(ReadResult.Cloned.class);
        assertThat(((ReadResult.Cloned) result).method()).isEqualTo("ca");
        assertThat(steps).contains(ReadStep.CHIP_AUTHENTICATION)
                .doesNotContain(ReadStep.DG1, ReadStep.DG13, ReadStep.DG2, ReadStep.DONE);
        assertThat(usage.last().attributes()).containsEntry("outcome", "tampered").containsEntry("chip_proof", "cloned")
                .containsEntry("chip_auth", "ca");
    }

    @Test
    void aClonedChipWithOnlyDg15FailsActiveAuthentication() throws Exception {
        ReadResult result = read(new TestCard().activeAuthenticationOnly().cloned());

        assertThat(result).isInstanceOf(ReadResult.Cloned.class);
        assertThat(((ReadResult.Cloned) result).method()).isEqualTo("aa");
        assertThat(steps).doesNotContain(ReadStep.DG1, ReadStep.DONE);
        assertThat(usage.last().attributes()).containsEntry("outcome", "tampered").containsEntry("chip_auth", "aa");
    }

    @Test
    void aCardWithoutDg14OrDg15IsReadWithNoChipProof() throws Exception {
        ReadResult result = read(new TestCard());

        CardSession s = ((ReadResult.Read) result).session();
        assertThat(s.chipProof()).isEqualTo(ChipProof.NOT_SUPPORTED);
        assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
        assertThat(s.citizen().fullName()).isEqualTo(TestCard.FULL_NAME);
        assertThat(usage.last().attributes()).containsEntry("outcome", "ok").containsEntry("chip_proof", "not_supported")
                .containsEntry("chip_auth", "none");
    }

    @Test
    void anAlteredDg14IsTamperedBeforeItsKeyIsUsed() throws Exception {
        ReadResult result = read(new TestCard().chipAuthentication().tamper(14));

        assertThat(result).isInstanceOf(ReadResult.Tampered.class);
        assertThat(((ReadResult.Tampered) result).dataGroups()).containsExactly(14);
        assertThat(steps).doesNotContain(ReadStep.CHIP_AUTHENTICATION, ReadStep.DG1);
    }

    @Test
    void aCardPulledDuringChipAuthenticationIsRemovedNotCloned() throws Exception {
        stack.insert(new TestCard().chipAuthentication().writeTo(tmp.resolve("card")));
        ReadResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                reader.read(TestCard.KEY, ReadRequest.FULL, (step, done, total) -> {
                    steps.add(step);
                    if (step == ReadStep.CHIP_AUTHENTICATION) {
                        stack.pullNow();
                    }
                }));

        assertThat(result).isInstanceOf(ReadResult.Removed.class);
        assertThat(steps).doesNotContain(ReadStep.DG1, ReadStep.DONE);
        assertThat(usage.last().attributes()).containsEntry("outcome", "removed").doesNotContainKey("chip_proof");
    }
}
