package vn.p06.kiosk.card;

/**
 * What the chip proved about itself, beside {@link Authenticity} (what the data proved). Passive
 * authentication shows the data was signed by the issuer, but a byte-for-byte copy of a chip passes it
 * too; only a chip that holds the private key of DG14 (chip authentication) or DG15 (active
 * authentication) is the card the issuer made. The two verdicts stay separate because they fail apart:
 * many genuine cards have no DG14/DG15 at all, and their data is still worth using.
 */
public enum ChipProof {
    /** The card lists neither DG14 nor DG15 (or a form of them this kiosk cannot use): nothing to challenge. */
    NOT_SUPPORTED,
    /** The chip answered the challenge with the key its signed DG14/DG15 names: it is the original chip. */
    GENUINE,
    /**
     * The chip failed the challenge although its signed data says it holds the key: a copy of a genuine
     * card's data on another chip. Never reaches a {@link CardSession}; the read ends as
     * {@link ReadResult.Cloned}.
     */
    CLONED
}
