package vn.p06.kiosk.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator fails like the device, so UI flows can be tested without a reader. */
class SimulatedCardReaderTest {
    private final RecordedEvents usage = new RecordedEvents();
    private final SimulatedCardReader reader = SimulatedCardReader.demo(usage);
    private final MrzKey key = new MrzKey("185012345", "850115", "450115");
    private final List<CardEvent> events = new ArrayList<>();

    SimulatedCardReaderTest() {
        reader.onCardEvent(events::add);
    }

    @Test
    void noCardMeansRemoved() {
        assertThat(reader.read(key, ReadRequest.FULL, ReadProgress.NONE)).isInstanceOf(ReadResult.Removed.class);
    }

    @Test
    void readsWithTheRightKeyOrCanAndRefusesAWrongOne() {
        reader.insert();
        ReadResult ok = reader.read(key, ReadRequest.FULL, ReadProgress.NONE);
        assertThat(ok).isInstanceOf(ReadResult.Read.class);
        assertThat(((ReadResult.Read) ok).session().prefill()).containsKeys(FormField.FULL_NAME, FormField.ID_NUMBER);
        assertThat(reader.read(new CanKey("123456"), ReadRequest.TEXT_ONLY, ReadProgress.NONE))
                .isInstanceOf(ReadResult.Read.class);
        assertThat(reader.read(new MrzKey("185012345", "850116", "450115"), ReadRequest.FULL, ReadProgress.NONE))
                .isInstanceOf(ReadResult.WrongKey.class);
        assertThat(usage.events).extracting(e -> e.attributes().get("outcome"))
                .containsExactly("ok", "ok", "wrong-key");
    }

    @Test
    void aCardPulledDuringTheFaceIsRemovedWithAnEvent() {
        reader.insert();
        reader.fault(SimulatedCardReader.Fault.REMOVED_DURING_FACE);
        List<ReadStep> steps = new ArrayList<>();
        ReadResult r = reader.read(key, ReadRequest.FULL, (s, d, t) -> steps.add(s));
        assertThat(r).isInstanceOf(ReadResult.Removed.class);
        assertThat(steps).contains(ReadStep.DG2).doesNotContain(ReadStep.DONE);
        assertThat(events).containsExactly(CardEvent.INSERTED, CardEvent.REMOVED);
    }

    @Test
    void tamperedAndUnknownSignerAndForeignCards() {
        reader.insert();
        reader.fault(SimulatedCardReader.Fault.TAMPERED);
        assertThat(reader.read(key, ReadRequest.FULL, ReadProgress.NONE)).isInstanceOf(ReadResult.Tampered.class);
        reader.fault(SimulatedCardReader.Fault.CHAIN_UNKNOWN);
        ReadResult r = reader.read(key, ReadRequest.FULL, ReadProgress.NONE);
        assertThat(((ReadResult.Read) r).session().prefill().values()).noneMatch(PrefilledValue::verified);
        reader.fault(SimulatedCardReader.Fault.NOT_AN_ID_CARD);
        assertThat(reader.read(key, ReadRequest.FULL, ReadProgress.NONE).outcome()).isEqualTo(ReadOutcome.UNSUPPORTED);
    }

    @Test
    void aGenuineChipACloneAndAnOlderCardWithoutChipProof() {
        reader.insert();
        assertThat(((ReadResult.Read) reader.read(key, ReadRequest.FULL, ReadProgress.NONE)).session().chipProof())
                .isEqualTo(ChipProof.GENUINE);
        reader.fault(SimulatedCardReader.Fault.CLONED);
        List<ReadStep> steps = new ArrayList<>();
        ReadResult clone = reader.read(key, ReadRequest.FULL, (s, d, t) -> steps.add(s));
        assertThat(clone).isInstanceOf(ReadResult.Cloned.class);
        assertThat(clone.outcome()).isEqualTo(ReadOutcome.TAMPERED);
        assertThat(steps).contains(ReadStep.CHIP_AUTHENTICATION).doesNotContain(ReadStep.DG1, ReadStep.DONE);
        reader.fault(SimulatedCardReader.Fault.NO_CHIP_PROOF);
        CardSession older = ((ReadResult.Read) reader.read(key, ReadRequest.FULL, ReadProgress.NONE)).session();
        assertThat(older.chipProof()).isEqualTo(ChipProof.NOT_SUPPORTED);
        assertThat(older.prefill().values()).allMatch(PrefilledValue::verified); // the data is still signed
        assertThat(usage.events).extracting(e -> e.attributes().get("chip_proof"))
                .containsExactly("genuine", "cloned", "not_supported");
    }

    @Test
    void removingTheCardWipesTheSession() {
        reader.insert();
        CardSession s = ((ReadResult.Read) reader.read(key, ReadRequest.FULL, ReadProgress.NONE)).session();
        byte[] face = s.face().orElseThrow().encodedArray();
        reader.remove();
        assertThat(s.isWiped()).isTrue();
        assertThat(face).containsOnly(0);
    }
}
