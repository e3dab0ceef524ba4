package vn.p06.kiosk.telemetry;

/**
 * The broker answered a publish with a reason code >= 0x80 (e.g. 0x87 not authorized). Paho reports
 * that as a successful delivery, so without this check a refused message would look delivered.
 * An ACL refusal is a bug in the kiosk, not flow control: HiveMQ also disconnects the client.
 */
public final class PublishRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int reasonCode;

    PublishRefusedException(String topic, int reasonCode, String reasonString) {
        super(String.format("broker refused publish on %s: reason 0x%02X%s", topic, reasonCode,
                reasonString == null ? "" : " (" + reasonString + ")"));
        this.reasonCode = reasonCode;
    }

    public int reasonCode() {
        return reasonCode;
    }
}
