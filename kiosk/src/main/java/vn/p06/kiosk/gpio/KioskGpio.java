package vn.p06.kiosk.gpio;

/**
 * Port: the kiosk's own GPIO devices: a presence sensor (someone stepped up), a "call staff"
 * button, and the status LED. {@link Pi4jGpio} drives them through Pi4J (the Pi's GPIO, or Pi4J's
 * mock platform in tests); {@link #none()} is a kiosk without them.
 */
public interface KioskGpio extends AutoCloseable {

    /** Called when the presence sensor sees someone (rising edge), on the GPIO's own thread. */
    void onPresence(Runnable listener);

    /** Called when the call-staff button is pressed, on the GPIO's own thread. */
    void onCallStaff(Runnable listener);

    void light(StatusLight light);

    @Override
    void close();

    /** No GPIO: no events, the light goes nowhere. */
    static KioskGpio none() {
        return new KioskGpio() {
            @Override
            public void onPresence(Runnable listener) {
            }

            @Override
            public void onCallStaff(Runnable listener) {
            }

            @Override
            public void light(StatusLight light) {
            }

            @Override
            public void close() {
            }
        };
    }
}
