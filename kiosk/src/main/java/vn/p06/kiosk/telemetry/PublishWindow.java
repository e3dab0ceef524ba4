package vn.p06.kiosk.telemetry;

import java.util.concurrent.Semaphore;

/**
 * Client-side flow control: at most receiveMaximum unacknowledged QoS1 publishes, the number the
 * broker announced in CONNACK. Paho refuses the one over the window with 32202 "Too many publishes in
 * progress" instead of waiting, so we wait here. The broker may announce another number on each
 * reconnect; {@link #resize} adjusts the permits while publishes are in flight.
 */
final class PublishWindow extends Semaphore {
    private static final long serialVersionUID = 1L;

    private int limit;

    PublishWindow(int limit) {
        super(limit, true);
        this.limit = limit;
    }

    synchronized void resize(int newLimit) {
        if (newLimit < 1) {
            throw new IllegalArgumentException("window must be >= 1: " + newLimit);
        }
        int delta = newLimit - limit;
        if (delta > 0) {
            release(delta);
        } else if (delta < 0) {
            // May go negative while more than newLimit are in flight: new publishes then wait.
            reducePermits(-delta);
        }
        limit = newLimit;
    }

    synchronized int limit() {
        return limit;
    }
}
