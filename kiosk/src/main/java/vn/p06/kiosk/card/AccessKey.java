package vn.p06.kiosk.card;

/**
 * What opens the chip: the MRZ key (BAC, or PACE with the MRZ) or the 6-digit CAN printed on the
 * card (PACE only). Both are personal data: their {@code toString()} is redacted.
 */
public sealed interface AccessKey permits MrzKey, CanKey {
}
