package vn.p06.kiosk.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPIO devices through Pi4J 2: inputs with pull-down and debounce, one LED per light colour.
 * The code sees only Pi4J's {@code DigitalInput}/{@code DigitalOutput}; which provider serves them
 * is the {@link Context}'s: {@link #onThePi} takes the providers found on the class path (gpiod on
 * the Pi), tests hand in a context on Pi4J's mock platform.
 */
public final class Pi4jGpio implements KioskGpio {
    private static final Logger LOG = LoggerFactory.getLogger(Pi4jGpio.class);

    /**
     * BCM pin numbers.
     *
     * @param presence  the presence sensor's output (a PIR or radar module: high while someone is there)
     * @param callStaff the call-staff button (to 3.3 V, pulled down)
     */
    public record Pins(int presence, int callStaff, int green, int amber, int red) {
        public Pins {
            List<Integer> all = List.of(presence, callStaff, green, amber, red);
            if (all.stream().distinct().count() != all.size() || all.stream().anyMatch(p -> p < 0 || p > 27)) {
                throw new IllegalArgumentException("pins must be 5 different BCM numbers 0..27: " + all);
            }
        }

        public static Pins defaults() {
            return new Pins(17, 27, 22, 23, 24);
        }
    }

    private final Context context;
    private final boolean ownsContext;
    private final Map<StatusLight, DigitalOutput> leds;
    private final List<Runnable> presence = new CopyOnWriteArrayList<>();
    private final List<Runnable> callStaff = new CopyOnWriteArrayList<>();

    private Pi4jGpio(Context context, boolean ownsContext, Pins pins) {
        this.context = context;
        this.ownsContext = ownsContext;
        // A PIR flickers at the edge of its range; a button bounces for a few milliseconds.
        input("presence", pins.presence(), 50).addListener(e -> fire(e.state(), presence));
        input("call-staff", pins.callStaff(), 30).addListener(e -> fire(e.state(), callStaff));
        leds = Map.of(StatusLight.READY, output("led-green", pins.green()),
                StatusLight.BUSY, output("led-amber", pins.amber()),
                StatusLight.FAULT, output("led-red", pins.red()));
    }

    /** The Pi's GPIO through the providers on the class path (pi4j-plugin-gpiod). */
    public static Pi4jGpio onThePi(Pins pins) {
        return new Pi4jGpio(Pi4J.newAutoContext(), true, pins);
    }

    /** Devices on a context the caller made and shuts down (tests: Pi4J's mock platform). */
    public static Pi4jGpio on(Context context, Pins pins) {
        return new Pi4jGpio(context, false, pins);
    }

    private DigitalInput input(String id, int address, long debounceMillis) {
        return context.create(DigitalInput.newConfigBuilder(context).id(id).address(address)
                .pull(PullResistance.PULL_DOWN).debounce(debounceMillis, TimeUnit.MILLISECONDS));
    }

    private DigitalOutput output(String id, int address) {
        return context.create(DigitalOutput.newConfigBuilder(context).id(id).address(address)
                .initial(DigitalState.LOW).shutdown(DigitalState.LOW));
    }

    private static void fire(DigitalState state, List<Runnable> listeners) {
        if (state != DigitalState.HIGH) {
            return;
        }
        for (Runnable l : listeners) {
            try {
                l.run();
            } catch (RuntimeException e) {
                LOG.warn("GPIO listener failed: {}", e.toString()); // one bad listener must not silence the others
            }
        }
    }

    @Override
    public void onPresence(Runnable listener) {
        presence.add(listener);
    }

    @Override
    public void onCallStaff(Runnable listener) {
        callStaff.add(listener);
    }

    @Override
    public void light(StatusLight light) {
        leds.forEach((l, led) -> led.state(l == light ? DigitalState.HIGH : DigitalState.LOW));
    }

    @Override
    public void close() {
        if (ownsContext) {
            context.shutdown();
        }
    }
}
