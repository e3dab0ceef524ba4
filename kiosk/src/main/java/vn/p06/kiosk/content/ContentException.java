package vn.p06.kiosk.content;

/**
 * A release refused for a reason that trying again will not fix (bad signature, tampered or
 * truncated blob, disk too small); the message is what the kiosk reports as {@code detail}.
 */
final class ContentException extends Exception {
    ContentException(String message) {
        super(message);
    }
}
