package vn.p06.kiosk.card;

/** Presence of a card on the reader; drives the UI's "lay your card" / "card removed" states. */
public enum CardEvent {
    INSERTED, REMOVED
}
