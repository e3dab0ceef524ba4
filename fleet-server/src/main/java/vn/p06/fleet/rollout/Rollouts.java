package vn.p06.fleet.rollout;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import vn.p06.fleet.audit.AuditLog;
import vn.p06.fleet.broker.MqttBroker;
import vn.p06.fleet.content.Releases;
import vn.p06.fleet.http.Router;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.JobLeases;
import vn.p06.fleet.store.KioskRepository;

/**
 * Kiosk groups, staged rollouts and kiosk config overlays, wired: the desired-state publisher on the
 * broker (release and overlay in one message), the engine and its periodic tick, the REST routes.
 */
public final class Rollouts implements AutoCloseable {
    /** How often rollouts look at reported states; kiosks report far less often than this. */
    public static final Duration TICK = Duration.ofSeconds(5);

    private final DesiredStates desired;
    private final RolloutEngine engine;
    private final RolloutApi api;
    private final KioskConfigApi configApi;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rollout-tick");
        thread.setDaemon(true);
        return thread;
    });

    private Rollouts(DesiredStates desired, RolloutEngine engine, KioskGroups groups, KioskConfigApi configApi) {
        this.desired = desired;
        this.engine = engine;
        this.api = new RolloutApi(groups, engine);
        this.configApi = configApi;
    }

    /**
     * @param tick   how often the engine runs; {@link Duration#ZERO} for never (tests call {@code tick()})
     * @param leases waves advance on one instance only, whichever holds the {@code rollouts} lease
     * @param kiosks the kiosks whose config overlay IT staff may set
     * @param audit  where config changes are recorded
     */
    public static Rollouts start(MqttBroker broker, String instanceId, Database database, Releases releases,
                                 Clock clock, Duration tick, JobLeases leases, KioskRepository kiosks, AuditLog audit)
            throws MqttException {
        DesiredStates desired = new DesiredStates(broker, instanceId, database, clock);
        KioskGroups groups = new KioskGroups(database);
        Rollouts rollouts = new Rollouts(desired, new RolloutEngine(database, groups, releases, desired, clock), groups,
                new KioskConfigApi(desired, database, kiosks, audit));
        if (!tick.isZero()) {
            Duration ttl = tick.multipliedBy(6);
            rollouts.scheduler.scheduleWithFixedDelay(() -> leases.runIfHeld("rollouts", ttl, rollouts.engine::tick),
                    tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        }
        return rollouts;
    }

    public RolloutEngine engine() {
        return engine;
    }

    public void register(Router router) {
        api.register(router);
        configApi.register(router);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        desired.close();
    }
}
