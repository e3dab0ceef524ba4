package vn.p06.kiosk;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.command.CommandHandler;
import vn.p06.kiosk.telemetry.HealthReporter;
import vn.p06.kiosk.telemetry.HealthSource;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;

/** One kiosk: its link, its health reporter and its command handler, wired together. */
final class KioskAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KioskAgent.class);

    private final MqttLink link;
    private final HealthReporter reporter;

    KioskAgent(EnrollmentBundle bundle, HealthSource health, String appVersion, MqttLink.Options options,
               Duration healthInterval, Clock clock, ScheduledExecutorService scheduler) {
        Sequences sequences = new Sequences();
        String kioskId = bundle.kioskId();
        link = new MqttLink(bundle, appVersion, options, sequences, clock, scheduler);
        CommandHandler commands = new CommandHandler(kioskId, clock, sequences, link);
        link.onMessage(Channel.COMMAND, commands::handle);
        // Content sync comes later; for now the desired state is only acknowledged in the log.
        link.onMessage(Channel.DESIRED, envelope -> {
            Body.DesiredState desired = (Body.DesiredState) envelope.body();
            log.info("kiosk {}: desired state received: release {}, config version {}",
                    kioskId, desired.release(), desired.configVersion());
        });
        reporter = new HealthReporter(kioskId, health, link, sequences, clock, scheduler, healthInterval);
    }

    void start(Duration firstHealthSample) {
        link.start();
        reporter.start(firstHealthSample);
    }

    @Override
    public void close() {
        reporter.close();
        link.close();
    }
}
