package vn.p06.kiosk.card;

import java.util.Map;
import java.util.Optional;

/**
 * The data of one successful card read, held in memory only while the resident is at the kiosk.
 * {@link #close()} wipes it: raw chip files and the face are zeroed, references dropped. The UI
 * closes it at the end of the service, on timeout; the reader closes it when the card leaves.
 * Java strings cannot be zeroed, so the parsed text is only dropped for the collector.
 */
public final class CardSession implements AutoCloseable {
    private final Authenticity authenticity;
    private final ChipAuthentication.Outcome chipProof;
    private final String accessProtocol;
    private ChipFiles files;
    private CitizenData citizen;
    private FaceImage face;
    private volatile boolean wiped;

    CardSession(Authenticity authenticity, ChipAuthentication.Outcome chipProof, String accessProtocol,
                ChipFiles files, CitizenData citizen, FaceImage face) {
        this.authenticity = authenticity;
        this.chipProof = chipProof;
        this.accessProtocol = accessProtocol;
        this.files = files;
        this.citizen = citizen;
        this.face = face;
    }

    /** {@code VERIFIED} or {@code CHAIN_UNKNOWN}: a tampered card never makes a session. */
    public Authenticity authenticity() {
        return authenticity;
    }

    /** {@code GENUINE} or {@code NOT_SUPPORTED}: a cloned chip never makes a session. */
    public ChipProof chipProof() {
        return chipProof.proof();
    }

    /** How the chip was challenged: CA, AA or not at all. */
    ChipAuthentication.Method chipProofMethod() {
        return chipProof.method();
    }

    /** {@code PACE}, {@code BAC} or {@code SIMULATED}. */
    public String accessProtocol() {
        return accessProtocol;
    }

    /** @throws IllegalStateException after the session was wiped */
    public synchronized CitizenData citizen() {
        check();
        return citizen;
    }

    /** Empty when the face was not requested or the card has none. */
    public synchronized Optional<FaceImage> face() {
        check();
        return Optional.ofNullable(face);
    }

    /** The form fields the card fills, each marked as from the card. */
    public synchronized Map<FormField, PrefilledValue> prefill() {
        check();
        return Prefill.from(citizen, authenticity);
    }

    public boolean isWiped() {
        return wiped;
    }

    /** The raw files, for the wipe test and the benchmark. */
    synchronized ChipFiles files() {
        return files;
    }

    /** Wipes; idempotent, callable from the UI thread and the reader's thread alike. */
    @Override
    public synchronized void close() {
        if (wiped) {
            return;
        }
        wiped = true;
        if (files != null) {
            files.wipe();
        }
        if (face != null) {
            face.wipe();
        }
        files = null;
        face = null;
        citizen = null;
    }

    private void check() {
        if (wiped) {
            throw new IllegalStateException("card session wiped");
        }
    }

    @Override
    public String toString() {
        return "CardSession[" + authenticity + ", " + chipProof.proof() + ", " + accessProtocol + (wiped ? ", wiped]" : "]");
    }
}
