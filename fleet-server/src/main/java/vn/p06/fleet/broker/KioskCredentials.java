package vn.p06.fleet.broker;

/** The broker's view of enrollment: may this kiosk connect with this secret? */
public interface KioskCredentials {

    enum Verdict { ACCEPTED, UNKNOWN_KIOSK, REVOKED, WRONG_SECRET }

    /** May block (a slow hash); the broker calls it off its network threads. */
    Verdict verify(String kioskId, byte[] secret);
}
