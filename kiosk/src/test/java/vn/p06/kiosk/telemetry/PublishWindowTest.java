package vn.p06.kiosk.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PublishWindowTest {

    @Test
    void shrinkingWhilePublishesAreInFlightBlocksNewOnesUntilEnoughAcksCameBack() {
        PublishWindow window = new PublishWindow(65535);
        window.resize(20); // mosquitto's default receiveMaximum
        assertThat(window.availablePermits()).isEqualTo(20);
        for (int i = 0; i < 15; i++) {
            assertThat(window.tryAcquire()).isTrue();
        }
        window.resize(10); // reconnect to a broker that allows fewer: 15 still in flight
        assertThat(window.tryAcquire()).isFalse();
        for (int i = 0; i < 6; i++) {
            window.release();
        }
        assertThat(window.tryAcquire()).isTrue(); // 9 + 1 in flight = 10
        assertThat(window.tryAcquire()).isFalse();
        window.resize(12);
        assertThat(window.availablePermits()).isEqualTo(2);
        assertThat(window.limit()).isEqualTo(12);
    }
}
