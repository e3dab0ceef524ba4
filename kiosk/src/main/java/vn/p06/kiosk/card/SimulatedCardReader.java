package vn.p06.kiosk.card;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import vn.p06.kiosk.telemetry.UsageRecorder;

/**
 * A card reader for UI demos and UI tests, failing like the device: the key is checked against
 * the simulated card's own MRZ key (a wrong one gives {@code WrongKey}), and {@link Fault} makes
 * the next reads end as a pulled card, a tampered chip, an unknown signer, a cloned chip or an older
 * card that cannot prove its chip. No I/O, no delays:
 * progress is reported step by step at once.
 */
public final class SimulatedCardReader implements CardReader {

    /**
     * How reads end while set; {@code NONE} reads normally (a chip that proves itself by chip
     * authentication). {@code CLONED}: the chip fails chip authentication; {@code NO_CHIP_PROOF}: an
     * older card with neither DG14 nor DG15, read with {@link ChipProof#NOT_SUPPORTED}.
     */
    public enum Fault { NONE, REMOVED_DURING_FACE, TAMPERED, CHAIN_UNKNOWN, NOT_AN_ID_CARD, CLONED, NO_CHIP_PROOF }

    private final CitizenData card;
    private final MrzKey cardKey;
    private final String can;
    private final UsageRecorder usage;
    private final List<Consumer<CardEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<CardSession> live = new AtomicReference<>();
    private volatile boolean present;
    private volatile Fault fault = Fault.NONE;

    /**
     * @param card    the synthetic holder (never real data)
     * @param cardKey the MRZ key printed on the simulated card
     * @param can     its 6-digit CAN
     */
    public SimulatedCardReader(CitizenData card, MrzKey cardKey, String can, UsageRecorder usage) {
        this.card = card;
        this.cardKey = cardKey;
        this.can = can;
        this.usage = usage;
    }

    /** An invented resident (diacritics, plausible ID prefix) for demos. */
    public static SimulatedCardReader demo(UsageRecorder usage) {
        CitizenData c = new CitizenData("001185012345", "185012345", "Phạm Thị Thử Nghiệm", "15/01/1985", "Nữ",
                "Việt Nam", "Kinh", "Không", "Xã Thử, Huyện Mẫu, Tỉnh Giả", "Số 1 Đường Mẫu, Phường Thử, Quận Giả",
                "", "01/07/2021", "15/01/2045", "Phạm Văn Cha", "Lê Thị Mẹ", "", "012345678", Map.of());
        return new SimulatedCardReader(c, new MrzKey("185012345", "850115", "450115"), "123456", usage);
    }

    public void insert() {
        present = true;
        fire(CardEvent.INSERTED);
    }

    public void remove() {
        present = false;
        CardSession s = live.getAndSet(null);
        if (s != null) {
            s.close();
        }
        fire(CardEvent.REMOVED);
    }

    public void fault(Fault f) {
        this.fault = f;
    }

    @Override
    public void onCardEvent(Consumer<CardEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean isCardPresent() {
        return present;
    }

    @Override
    public ReadResult read(AccessKey key, ReadRequest request, ReadProgress progress) {
        long start = System.nanoTime();
        ReadResult result = readNow(key, request, progress, start);
        if (result instanceof ReadResult.Read) {
            CardSession old = live.getAndSet(((ReadResult.Read) result).session());
            if (old != null) {
                old.close();
            }
        }
        ReadTelemetry.report(usage, result, "simulated");
        return result;
    }

    private ReadResult readNow(AccessKey key, ReadRequest request, ReadProgress progress, long start) {
        progress.onProgress(ReadStep.CONNECTING, 0, 0);
        if (!present) {
            return new ReadResult.Removed(ChipRead.millisSince(start));
        }
        if (fault == Fault.NOT_AN_ID_CARD) {
            return new ReadResult.Unsupported("not an eMRTD", ChipRead.millisSince(start));
        }
        progress.onProgress(ReadStep.ACCESS_CONTROL, 0, 0);
        boolean keyOk = key instanceof CanKey ? ((CanKey) key).can().equals(can) : cardKey.equals(key);
        if (!keyOk) {
            return new ReadResult.WrongKey(AccessControl.fieldsToCheck(key), ChipRead.millisSince(start));
        }
        for (ReadStep step : List.of(ReadStep.EF_COM, ReadStep.EF_SOD, ReadStep.DG14, ReadStep.DG15)) {
            progress.onProgress(step, 0, 0);
            progress.onProgress(step, 100, 100);
        }
        progress.onProgress(ReadStep.CHIP_AUTHENTICATION, 0, 0);
        if (fault == Fault.CLONED) {
            return new ReadResult.Cloned(ChipAuthentication.Method.CA.word(), ChipRead.millisSince(start));
        }
        ChipAuthentication.Outcome proof = fault == Fault.NO_CHIP_PROOF ? ChipAuthentication.Outcome.NOT_SUPPORTED
                : new ChipAuthentication.Outcome(ChipProof.GENUINE, ChipAuthentication.Method.CA);
        for (ReadStep step : List.of(ReadStep.DG1, ReadStep.DG13)) {
            progress.onProgress(step, 0, 0);
            progress.onProgress(step, 100, 100);
        }
        FaceImage face = null;
        if (request.face()) {
            int total = 12_000;
            for (int done = 0; done < total; done += 3_000) {
                progress.onProgress(ReadStep.DG2, done, total);
                if (fault == Fault.REMOVED_DURING_FACE && done > 0) {
                    present = false;
                    fire(CardEvent.REMOVED);
                    return new ReadResult.Removed(ChipRead.millisSince(start));
                }
            }
            progress.onProgress(ReadStep.DG2, total, total);
            face = new FaceImage("image/jpeg", new byte[total], new BufferedImage(120, 160, BufferedImage.TYPE_INT_RGB));
        }
        progress.onProgress(ReadStep.VERIFYING, 0, 0);
        if (fault == Fault.TAMPERED) {
            return new ReadResult.Tampered(List.of(1), ChipRead.millisSince(start));
        }
        Authenticity a = fault == Fault.CHAIN_UNKNOWN ? Authenticity.CHAIN_UNKNOWN : Authenticity.VERIFIED;
        progress.onProgress(ReadStep.DONE, 0, 0);
        return new ReadResult.Read(new CardSession(a, proof, "SIMULATED", new ChipFiles(), card, face),
                ChipRead.millisSince(start));
    }

    private void fire(CardEvent e) {
        listeners.forEach(l -> l.accept(e));
    }

    @Override
    public void close() {
        CardSession s = live.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }
}
