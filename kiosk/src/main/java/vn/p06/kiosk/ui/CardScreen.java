package vn.p06.kiosk.ui;

/** What the screens of one "use my ID card" step for a service have in common. */
abstract class CardScreen implements Screen {
    final KioskUi ui;
    final String serviceId;
    final CardVisit visit;

    CardScreen(KioskUi ui, String serviceId) {
        this.ui = ui;
        this.serviceId = serviceId;
        this.visit = ui.card();
    }

    /** The service whose form the card fills. */
    String serviceId() {
        return serviceId;
    }
}
