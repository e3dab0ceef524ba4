package vn.p06.kiosk.command;

/**
 * Port: what remote commands need from the touch screen. The UI ({@code ui.KioskUi}) implements it;
 * a headless kiosk agent has {@link #HEADLESS}.
 */
public interface KioskScreen {

    /** Shows or removes the full "Tạm ngừng phục vụ / Temporarily out of service" screen. */
    void outOfService(boolean on);

    /** The screen as it is now, as PNG bytes. */
    byte[] capturePng() throws Exception;

    KioskScreen HEADLESS = new KioskScreen() {
        @Override
        public void outOfService(boolean on) {
            // nothing to show; the state is still kept and applied when a screen attaches
        }

        @Override
        public byte[] capturePng() {
            throw new IllegalStateException("no screen: this kiosk agent runs headless");
        }
    };
}
