package vn.p06.kiosk.card;

/** What passive authentication proved about the data read. */
public enum Authenticity {
    /** Hashes match the SOD, the SOD signature verifies and its signer chains to a trusted CSCA. */
    VERIFIED,
    /** Hashes and signature are right but the signer is not under any CSCA in the trust store. */
    CHAIN_UNKNOWN,
    /** A hash or the signature is wrong: the data must not be used. */
    TAMPERED
}
