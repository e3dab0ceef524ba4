package vn.p06.kiosk.card;

import java.util.List;

/**
 * How a card read ended. A closed family: the UI tells them apart with {@code instanceof} (Java 17
 * has no pattern switch) or with {@link #outcome()}. Only {@link Read} carries card data; every
 * failure carries none, so a half-read or tampered card can never reach a form.
 */
public sealed interface ReadResult {

    ReadOutcome outcome();

    /** Whole milliseconds from the start of the read to its end. */
    long durationMillis();

    /**
     * The card was read and passed passive authentication ({@code VERIFIED} or {@code CHAIN_UNKNOWN}),
     * and its chip proved itself or had nothing to prove ({@link ChipProof#GENUINE}, {@code NOT_SUPPORTED}).
     */
    record Read(CardSession session, long durationMillis) implements ReadResult {
        @Override
        public ReadOutcome outcome() {
            return ReadOutcome.OK;
        }
    }

    /**
     * The chip refused the key: the resident should check the numbers; {@code checkFields} lists the MRZ
     * fields to re-check (empty for a {@link CanKey}: the CAN is one number).
     */
    record WrongKey(List<MrzField> checkFields, long durationMillis) implements ReadResult {
        public WrongKey {
            checkFields = List.copyOf(checkFields);
        }

        @Override
        public ReadOutcome outcome() {
            return ReadOutcome.WRONG_KEY;
        }
    }

    /** The card left the reader (or stopped answering) before the read finished. */
    record Removed(long durationMillis) implements ReadResult {
        @Override
        public ReadOutcome outcome() {
            return ReadOutcome.REMOVED;
        }
    }

    /** Passive authentication failed: {@code dataGroups} whose hash does not match (empty when the signature failed). */
    record Tampered(List<Integer> dataGroups, long durationMillis) implements ReadResult {
        public Tampered {
            dataGroups = List.copyOf(dataGroups);
        }

        @Override
        public ReadOutcome outcome() {
            return ReadOutcome.TAMPERED;
        }
    }

    /**
     * The data is signed by the issuer but the chip failed chip/active authentication: a copy on
     * another chip. Treated like tampered data (the telemetry outcome is {@code tampered}), told apart
     * on screen; {@code method} is {@code "ca"} or {@code "aa"}.
     */
    record Cloned(String method, long durationMillis) implements ReadResult {
        @Override
        public ReadOutcome outcome() {
            return ReadOutcome.TAMPERED;
        }
    }

    /** Not a card we can read (no reader, not an eMRTD, a CAN key on a chip without PACE, a protocol error). */
    record Unsupported(String reason, long durationMillis) implements ReadResult {
        @Override
        public ReadOutcome outcome() {
            return ReadOutcome.UNSUPPORTED;
        }
    }
}
