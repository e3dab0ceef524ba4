package vn.p06.kiosk.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.p06.protocol.Body;

/** The GPIO devices on Pi4J's mock platform: the same Pi4J code paths as on the Pi, pins driven by the test. */
class Pi4jGpioTest {
    private Context pi4j;
    private Pi4jGpio gpio;

    static Context mockContext() {
        return Pi4J.newContextBuilder().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    }

    @BeforeEach
    void open() {
        pi4j = mockContext();
        gpio = Pi4jGpio.on(pi4j, Pi4jGpio.Pins.defaults());
    }

    @AfterEach
    void close() {
        gpio.close();
        pi4j.shutdown();
    }

    @Test
    void presenceAndButtonFireOnTheRisingEdgeOnly() {
        AtomicInteger seen = new AtomicInteger();
        AtomicInteger called = new AtomicInteger();
        gpio.onPresence(seen::incrementAndGet);
        gpio.onCallStaff(called::incrementAndGet);
        MockDigitalInput sensor = pi4j.io("presence");
        MockDigitalInput button = pi4j.io("call-staff");

        sensor.mockState(DigitalState.HIGH);
        sensor.mockState(DigitalState.LOW);
        button.mockState(DigitalState.HIGH);

        assertThat(seen).hasValue(1);
        assertThat(called).hasValue(1);
    }

    @Test
    void oneLedPerLight() {
        DigitalOutput green = pi4j.io("led-green");
        DigitalOutput amber = pi4j.io("led-amber");
        DigitalOutput red = pi4j.io("led-red");
        gpio.light(StatusLight.BUSY);
        assertThat(List.of(green.isHigh(), amber.isHigh(), red.isHigh())).containsExactly(false, true, false);
        gpio.light(StatusLight.FAULT);
        assertThat(List.of(green.isHigh(), amber.isHigh(), red.isHigh())).containsExactly(false, false, true);
    }

    @Test
    void aFailingListenerDoesNotSilenceTheOthers() {
        AtomicInteger seen = new AtomicInteger();
        gpio.onPresence(() -> {
            throw new IllegalStateException("boom");
        });
        gpio.onPresence(seen::incrementAndGet);
        ((MockDigitalInput) pi4j.io("presence")).mockState(DigitalState.HIGH);
        assertThat(seen).hasValue(1);
    }

    @Test
    void theLightSaysFaultBeforeBusyBeforeReady() {
        Body.Peripheral ok = new Body.Peripheral(true, "ready", "");
        Body.Peripheral paperOut = new Body.Peripheral(true, "paper-out", "");
        assertThat(StatusLight.of(false, List.of(ok))).isEqualTo(StatusLight.READY);
        assertThat(StatusLight.of(true, List.of(ok))).isEqualTo(StatusLight.BUSY);
        assertThat(StatusLight.of(true, List.of(ok, paperOut))).isEqualTo(StatusLight.FAULT);
    }

    @Test
    void pinsMustBeDistinctBcmNumbers() {
        assertThatThrownBy(() -> new Pi4jGpio.Pins(17, 17, 22, 23, 24)).hasMessageContaining("17");
        assertThatThrownBy(() -> new Pi4jGpio.Pins(17, 40, 22, 23, 24)).hasMessageContaining("40");
    }
}
