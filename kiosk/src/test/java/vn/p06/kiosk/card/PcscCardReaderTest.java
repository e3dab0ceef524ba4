package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real PC/SC stack: pcscd + vpcd + our vicc ePass (a BAC-only card here; PaceTest has
 * the PACE cards) + javax.smartcardio + scuba + JMRTD + passive authentication against a test CSCA.
 */
@ExtendWith(PcscStack.class)
class PcscCardReaderTest {
    @TempDir
    Path tmp;

    private VirtualCardStack stack;
    private PcscCardReader reader;
    private final RecordedEvents usage = new RecordedEvents();
    private final List<CardEvent> cardEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp(VirtualCardStack stack) throws Exception {
        this.stack = stack;
        reader = PcscCardReader.start(
                PcscCardReader.Config.defaults(TestCard.trustStore(tmp.resolve("csca")), usage));
        reader.onCardEvent(cardEvents::add);
    }

    @AfterEach
    void tearDown() {
        reader.close();
        stack.pull();
    }

    @Test
    void readsDg1Dg13SodAndFaceWithTheRightKeyAndVerifiesThem() throws Exception {
        stack.insert(new TestCard().writeTo(tmp.resolve("card")));
        List<String> steps = new CopyOnWriteArrayList<>();
        ReadResult result = reader.read(TestCard.KEY, ReadRequest.FULL,
                (step, done, total) -> steps.add(step + ":" + done + "/" + total));

        assertThat(result).isInstanceOf(ReadResult.Read.class);
        CardSession session = ((ReadResult.Read) result).session();
        assertThat(session.authenticity()).isEqualTo(Authenticity.VERIFIED);
        assertThat(session.accessProtocol()).isEqualTo("BAC");
        CitizenData c = session.citizen();
        assertThat(c.fullName()).isEqualTo(TestCard.FULL_NAME);
        assertThat(c.idNumber()).isEqualTo(TestCard.ID_NUMBER);
        assertThat(c.documentNumber()).isEqualTo(TestCard.DOCUMENT_NUMBER);
        assertThat(c.dateOfBirth()).isEqualTo("15/01/1985");
        assertThat(c.placeOfResidence()).startsWith("Số 1 Ngõ Mẫu");
        assertThat(c.fatherName()).isEqualTo("Phạm Văn Bố Giả");
        assertThat(c.motherName()).isEqualTo("Lê Thị Mẹ Giả");
        assertThat(c.otherFields()).containsKey(15);
        FaceImage face = session.face().orElseThrow();
        assertThat(face.mimeType()).isEqualTo("image/jpeg");
        assertThat(face.image()).hasValueSatisfying(img -> assertThat(img.getWidth()).isEqualTo(120));
        assertThat(session.files().dataGroups()).containsOnlyKeys(1, 2, 13);

        Map<FormField, PrefilledValue> form = session.prefill();
        assertThat(form.get(FormField.FULL_NAME).value()).isEqualTo(TestCard.FULL_NAME);
        assertThat(form.get(FormField.OLD_ID_NUMBER).value()).isEqualTo("012345678");
        assertThat(form.values()).allMatch(v -> v.fromCard() && v.verified());
        assertThat(form).doesNotContainKey(FormField.SPOUSE_NAME); // empty on the card: the form asks

        assertThat(steps).startsWith("CONNECTING:0/0", "ACCESS_CONTROL:0/0").endsWith("DONE:0/0")
                .anyMatch(s -> s.startsWith("DG2:") && !s.startsWith("DG2:0/"))
                .containsSubsequence("DG1:0/0", "DG13:0/0", "DG2:0/0", "VERIFYING:0/0");
        assertThat(usage.last().kind()).isEqualTo("card.read");
        assertThat(usage.last().attributes()).containsEntry("outcome", "ok").containsEntry("access", "bac")
                .containsEntry("authenticity", "verified").containsKey("duration_ms");

        session.close();
        assertThat(session.isWiped()).isTrue();
        assertThatThrownBy(session::citizen).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void extendedLengthBlocksReadTheSameVerifiedData() throws Exception {
        stack.insert(new TestCard().face(240, 320).writeTo(tmp.resolve("card")));
        try (PcscCardReader big = PcscCardReader.start(PcscCardReader.Config.defaults(
                TestCard.trustStore(tmp.resolve("csca2")), usage).withBlockSize(PcscCardReader.EXTENDED_BLOCK))) {
            ReadResult result = big.read(TestCard.KEY, ReadRequest.FULL, ReadProgress.NONE);
            CardSession s = ((ReadResult.Read) result).session();
            assertThat(s.authenticity()).isEqualTo(Authenticity.VERIFIED);
            assertThat(s.citizen().fullName()).isEqualTo(TestCard.FULL_NAME);
            assertThat(s.face().orElseThrow().image()).hasValueSatisfying(i -> assertThat(i.getWidth()).isEqualTo(240));
        }
    }

    @Test
    void wrongKeyIsAskedToCheckTheNumbers() throws Exception {
        stack.insert(new TestCard().writeTo(tmp.resolve("card")));
        MrzKey offByOneDay = new MrzKey(TestCard.DOCUMENT_NUMBER, "850116", TestCard.DOE);

        ReadResult result = reader.read(offByOneDay, ReadRequest.FULL, ReadProgress.NONE);

        assertThat(result).isInstanceOf(ReadResult.WrongKey.class);
        assertThat(((ReadResult.WrongKey) result).checkFields()).containsExactly(MrzField.values());
        assertThat(usage.last().attributes()).containsEntry("outcome", "wrong-key");
        // The card is fine: the right key still reads it.
        assertThat(reader.read(TestCard.KEY, ReadRequest.TEXT_ONLY, ReadProgress.NONE))
                .isInstanceOf(ReadResult.Read.class);
    }

    @Test
    void cardPulledDuringTheFaceEndsCleanlyAsRemovedWithNoData() throws Exception {
        stack.insert(new TestCard().bigFace().writeTo(tmp.resolve("card")));
        List<ReadStep> seen = new CopyOnWriteArrayList<>();
        ReadResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
                reader.read(TestCard.KEY, ReadRequest.FULL, (step, done, total) -> {
                    seen.add(step);
                    if (step == ReadStep.DG2 && done > 2_000 && done < total - 2_000) {
                        stack.pullNow(); // SIGKILL the card in the middle of the DG2 READ BINARY loop
                    }
                }));

        assertThat(result).isInstanceOf(ReadResult.Removed.class);
        assertThat(result.durationMillis()).isLessThan(15_000);
        assertThat(seen).doesNotContain(ReadStep.VERIFYING, ReadStep.DONE);
        assertThat(usage.last().attributes()).containsEntry("outcome", "removed");
        await().atMost(Duration.ofSeconds(30)).until(() -> cardEvents.contains(CardEvent.REMOVED));
    }

    @Test
    void aDataGroupWhoseHashDoesNotMatchIsTamperedAndYieldsNoData() throws Exception {
        stack.insert(new TestCard().tamper(1).writeTo(tmp.resolve("card")));

        ReadResult result = reader.read(TestCard.KEY, ReadRequest.FULL, ReadProgress.NONE);

        assertThat(result).isInstanceOf(ReadResult.Tampered.class);
        assertThat(((ReadResult.Tampered) result).dataGroups()).containsExactly(1);
        assertThat(usage.last().attributes()).containsEntry("outcome", "tampered");
    }

    @Test
    void aSignerOutsideTheTrustStoreIsChainUnknownAndMarkedUnverified() throws Exception {
        stack.insert(new TestCard().withoutDg13().writeTo(tmp.resolve("card")));
        try (PcscCardReader strangers = PcscCardReader.start(PcscCardReader.Config.defaults(
                CscaTrustStore.of(List.of(TestCard.pki().otherCsca())), usage))) {
            ReadResult result = strangers.read(TestCard.KEY, ReadRequest.TEXT_ONLY, ReadProgress.NONE);

            assertThat(result).isInstanceOf(ReadResult.Read.class);
            CardSession s = ((ReadResult.Read) result).session();
            assertThat(s.authenticity()).isEqualTo(Authenticity.CHAIN_UNKNOWN);
            assertThat(s.face()).isEmpty();
            // No DG13 on this card: the MRZ still fills name (no diacritics), number, dates, sex.
            Map<FormField, PrefilledValue> form = s.prefill();
            assertThat(form.get(FormField.FULL_NAME).value()).isEqualTo("PHAM THI THU NGHIEM");
            assertThat(form.get(FormField.ID_NUMBER).value()).isEqualTo(TestCard.ID_NUMBER);
            assertThat(form.get(FormField.DATE_OF_BIRTH).value()).isEqualTo("15/01/1985");
            assertThat(form.get(FormField.SEX).value()).isEqualTo("Nữ");
            assertThat(form.values()).allMatch(v -> v.fromCard() && !v.verified());
        }
    }

    @Test
    void removingTheCardAfterAReadWipesTheSession() throws Exception {
        stack.insert(new TestCard().writeTo(tmp.resolve("card")));
        await().atMost(Duration.ofSeconds(30)).until(reader::isCardPresent);
        CardSession s = ((ReadResult.Read) reader.read(TestCard.KEY, ReadRequest.FULL, ReadProgress.NONE)).session();
        List<byte[]> raw = List.copyOf(s.files().dataGroups().values());
        byte[] faceBytes = s.face().orElseThrow().encodedArray();

        stack.pull();

        await().atMost(Duration.ofSeconds(30)).until(s::isWiped);
        assertThat(raw).allSatisfy(b -> assertThat(b).containsOnly(0));
        assertThat(faceBytes).containsOnly(0);
        assertThat(cardEvents).contains(CardEvent.REMOVED);
    }
}
