package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.smartcardio.Card;
import javax.smartcardio.CommandAPDU;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PACE through the real PC/SC stack: pcscd + vpcd + our vicc ePass with {@code pace.py}
 * (id-PACE-ECDH-GM-AES-CBC-CMAC-128 on NIST P-256, then AES secure messaging) + javax.smartcardio
 * + scuba + JMRTD's own PACE code + passive authentication.
 */
@ExtendWith(PcscStack.class)
class PaceTest {
    @TempDir
    Path tmp;

    private VirtualCardStack stack;
    private PcscCardReader reader;
    private final RecordedEvents usage = new RecordedEvents();

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

    @Test
    void paceWithTheMrzKeyReadsVerifiedDataOverAesSecureMessaging() throws Exception {
        stack.insert(new TestCard().pace(TestCard.PACE_P256).writeTo(tmp.resolve("card")));

        ReadResult result = reader.read(TestCard.KEY, ReadRequest.FULL, ReadProgress.NONE);

        CardSession s = read(result);
        assertThat(s.accessProtocol()).isEqualTo("PACE");
        assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
        assertThat(s.files().dataGroups()).containsOnlyKeys(1, 2, 13);
        assertThat(s.citizen().fullName()).isEqualTo(TestCard.FULL_NAME); // DG13
        assertThat(s.citizen().documentNumber()).isEqualTo(TestCard.DOCUMENT_NUMBER); // DG1
        assertThat(s.face().orElseThrow().image()).hasValueSatisfying(i -> assertThat(i.getWidth()).isEqualTo(120));
        assertThat(usage.last().attributes()).containsEntry("outcome", "ok").containsEntry("access", "pace")
                .containsEntry("authenticity", "verified");
    }

    @Test
    void extendedLengthBlocksWorkOverAesSecureMessaging() throws Exception {
        stack.insert(new TestCard().pace(TestCard.PACE_P256).face(240, 320).writeTo(tmp.resolve("card")));
        try (PcscCardReader big = PcscCardReader.start(PcscCardReader.Config.defaults(
                TestCard.trustStore(tmp.resolve("csca2")), usage).withBlockSize(PcscCardReader.EXTENDED_BLOCK))) {
            CardSession s = read(big.read(TestCard.KEY, ReadRequest.FULL, ReadProgress.NONE));

            assertThat(s.accessProtocol()).isEqualTo("PACE");
            assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
            assertThat(s.face().orElseThrow().image()).hasValueSatisfying(i -> assertThat(i.getWidth()).isEqualTo(240));
        }
    }

    @Test
    void theCanPrintedOnTheFrontOpensTheChip() throws Exception {
        stack.insert(new TestCard().pace(TestCard.PACE_P256).writeTo(tmp.resolve("card")));

        CardSession s = read(reader.read(new CanKey(TestCard.CAN), ReadRequest.TEXT_ONLY, ReadProgress.NONE));

        assertThat(s.accessProtocol()).isEqualTo("PACE");
        assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
        assertThat(s.citizen().idNumber()).isEqualTo(TestCard.ID_NUMBER);
        assertThat(usage.last().attributes()).containsEntry("access", "pace");
    }

    @Test
    void aWrongCanIsAskedToCheckTheNumberAndTheRightOneStillReads() throws Exception {
        stack.insert(new TestCard().pace(TestCard.PACE_P256).writeTo(tmp.resolve("card")));

        ReadResult result = reader.read(new CanKey("000000"), ReadRequest.TEXT_ONLY, ReadProgress.NONE);

        assertThat(result).isInstanceOf(ReadResult.WrongKey.class);
        // A CAN is one number, not MRZ fields: nothing of the MRZ key to re-check.
        assertThat(((ReadResult.WrongKey) result).checkFields()).isEmpty();
        assertThat(usage.last().attributes()).containsEntry("outcome", "wrong-key");
        assertThat(reader.read(new CanKey(TestCard.CAN), ReadRequest.TEXT_ONLY, ReadProgress.NONE))
                .isInstanceOf(ReadResult.Read.class);
    }

    @Test
    void aPaceOnlyCardReadsWithPaceAndRefusesAWrongMrzKey() throws Exception {
        stack.insert(new TestCard().paceOnly().writeTo(tmp.resolve("card")));
        MrzKey offByOneDay = new MrzKey(TestCard.DOCUMENT_NUMBER, "850116", TestCard.DOE);

        ReadResult wrong = reader.read(offByOneDay, ReadRequest.TEXT_ONLY, ReadProgress.NONE);

        assertThat(wrong).isInstanceOf(ReadResult.WrongKey.class);
        assertThat(((ReadResult.WrongKey) wrong).checkFields()).containsExactly(MrzField.values());
        assertThat(usage.last().attributes()).containsEntry("outcome", "wrong-key");
        CardSession s = read(reader.read(TestCard.KEY, ReadRequest.TEXT_ONLY, ReadProgress.NONE));
        assertThat(s.accessProtocol()).isEqualTo("PACE");
        // BAC is really closed on this card: its first step, GET CHALLENGE, is refused.
        Card raw = VirtualCardStack.terminal().orElseThrow().connect("*");
        try {
            assertThat(raw.getBasicChannel().transmit(new CommandAPDU(0x00, 0x84, 0x00, 0x00, 8)).getSW())
                    .isEqualTo(0x6982);
        } finally {
            raw.disconnect(false);
        }
    }

    @Test
    void aPaceParameterIdJmrtdCannotDoFallsBackToBac() throws Exception {
        stack.insert(new TestCard().pace(3).writeTo(tmp.resolve("card"))); // id 3: reserved, no curve

        CardSession s = read(reader.read(TestCard.KEY, ReadRequest.TEXT_ONLY, ReadProgress.NONE));

        assertThat(s.accessProtocol()).isEqualTo("BAC");
        assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
        assertThat(usage.last().attributes()).containsEntry("access", "bac");
        // A CAN needs PACE, and this chip's PACE cannot run: not the resident's typing.
        assertThat(reader.read(new CanKey(TestCard.CAN), ReadRequest.TEXT_ONLY, ReadProgress.NONE))
                .isInstanceOf(ReadResult.Unsupported.class);
    }

    @Test
    void aCardPulledInTheMiddleOfPaceEndsAsRemovedWithoutHanging() throws Exception {
        stack.insert(new TestCard().pulledDuringPace(3).writeTo(tmp.resolve("card")));
        List<ReadStep> seen = new CopyOnWriteArrayList<>();

        ReadResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                reader.read(TestCard.KEY, ReadRequest.FULL, (step, done, total) -> seen.add(step)));

        assertThat(result).isInstanceOf(ReadResult.Removed.class);
        assertThat(seen).containsExactly(ReadStep.CONNECTING, ReadStep.ACCESS_CONTROL);
        assertThat(usage.last().attributes()).containsEntry("outcome", "removed");
    }

    private static CardSession read(ReadResult result) {
        assertThat(result).isInstanceOf(ReadResult.Read.class);
        return ((ReadResult.Read) result).session();
    }
}
