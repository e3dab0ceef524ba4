package vn.p06.kiosk;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.kiosk.command.CommandHandler;
import vn.p06.kiosk.config.ConfigSync;
import vn.p06.kiosk.content.ContentSync;
import vn.p06.kiosk.content.StatePublisher;
import vn.p06.kiosk.identity.CertificateRenewer;
import vn.p06.kiosk.identity.KioskIdentity;
import vn.p06.kiosk.telemetry.HealthReporter;
import vn.p06.kiosk.telemetry.HealthSource;
import vn.p06.kiosk.telemetry.MqttLink;
import vn.p06.kiosk.telemetry.Outbox;
import vn.p06.kiosk.telemetry.OutboxForwarder;
import vn.p06.kiosk.telemetry.OutboxPolicy;
import vn.p06.kiosk.telemetry.OutboxSink;
import vn.p06.kiosk.telemetry.UsageRecorder;
import vn.p06.kiosk.telemetry.Sequences;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.EnrollmentBundle;

/**
 * One kiosk wired together: health samples, command acks and usage events go into the outbox
 * first; the forwarder moves them over the link when it is up. The desired state drives content
 * sync and the config overlay, whose reported state goes straight on the link (retained, latest wins).
 */
final class KioskAgent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KioskAgent.class);

    private final MqttLink link;
    private final HealthReporter reporter;
    private final OutboxSink sink;
    private final OutboxForwarder forwarder;
    private final ContentSync content;
    private final CommandHandler commands;
    /** Null for a password-only kiosk. */
    private final CertificateRenewer renewer;

    /** How soon a reported state the link could not take is tried again. */
    private static final Duration REPORT_RETRY = Duration.ofSeconds(10);

    /**
     * @param contentDir   where this kiosk keeps its content releases; empty for a simulated kiosk,
     *                     which only logs its desired state (hundreds of them must not each download)
     * @param commandPorts the machine the remote commands act on; its content refresher is this
     *                     kiosk's content sync when there is one
     * @param config       the fleet's config overlay on this kiosk (with content sync only: the real kiosk)
     */
    KioskAgent(EnrollmentBundle bundle, HealthSource health, String appVersion, MqttLink.Options options,
               Duration healthInterval, Clock clock, ScheduledExecutorService scheduler, Outbox outbox,
               OutboxPolicy policy, Optional<Path> contentDir, Path dataDir, CommandHandler.Ports commandPorts,
               CertificateRenewer.Policy renewal, Optional<ConfigSync> config) throws IOException {
        Sequences sequences = new Sequences();
        String kioskId = bundle.kioskId();
        // The renewed certificate in the data dir, when there is a good one; the bundle stays as provisioned.
        bundle = KioskIdentity.effective(bundle, dataDir, clock);
        link = new MqttLink(bundle, appVersion, options, sequences, clock, scheduler);
        renewer = bundle.hasTls() ? new CertificateRenewer(bundle, dataDir, clock, scheduler, renewal,
                renewed -> link.useCertificate(renewed.tlsPrivateKey(), renewed.tlsCertificate())) : null;
        if (renewer != null) {
            HealthSource machine = health;
            health = () -> machine.sample().withCertificate(renewer.state());
        }
        sink = new OutboxSink(kioskId, outbox);
        forwarder = new OutboxForwarder(kioskId, outbox, link, sequences, clock, scheduler, policy);
        ReportedStates states = null;
        if (contentDir.isPresent()) {
            StatePublisher publisher = new StatePublisher(kioskId, link, sequences, clock, scheduler, REPORT_RETRY);
            Consumer<Body.ReportedState> reports = publisher;
            if (config.isPresent()) {
                states = new ReportedStates(publisher, config.get().outcome());
                reports = states::content;
            }
            content = ContentSync.open(bundle, contentDir.get(), reports, clock, ContentSync.Tuning.defaults());
            commandPorts = commandPorts.withContent(content::refresh);
        } else {
            content = null;
        }
        commands = new CommandHandler(bundle, clock, sequences, sink, commandPorts, dataDir);
        link.onMessage(Channel.COMMAND, commands::handle);
        ReportedStates reported = states;
        link.onMessage(Channel.DESIRED, envelope -> {
            Body.DesiredState desired = (Body.DesiredState) envelope.body();
            log.info("kiosk {}: desired state received: release {}, config version {}",
                    kioskId, desired.release(), desired.configVersion());
            if (reported != null) {
                reported.config(config.get().desired(desired.configVersion(), desired.config()));
            }
            if (content != null) {
                content.desired(desired);
            }
        });
        reporter = new HealthReporter(kioskId, health, sink, sequences, clock, scheduler, healthInterval);
        config.ifPresent(sync -> sync.onChange(change -> {
            if (change.changed().contains("telemetry.health-interval-seconds")) {
                reporter.interval(change.config().healthInterval());
            }
        }));
    }

    void start(Duration firstHealthSample) {
        commands.start();
        link.start();
        if (renewer != null) {
            renewer.start();
        }
        forwarder.start();
        reporter.start(firstHealthSample);
    }

    /** Where the kiosk's features record usage events. */
    UsageRecorder usage() {
        return sink;
    }

    /** This kiosk's content releases; empty for a simulated kiosk. */
    Optional<ContentSync> content() {
        return Optional.ofNullable(content);
    }

    /** Where the touch UI attaches itself for maintenance mode and screenshots. */
    CommandHandler commands() {
        return commands;
    }

    @Override
    public void close() {
        if (content != null) {
            content.close();
        }
        if (renewer != null) {
            renewer.close();
        }
        reporter.close();
        forwarder.close();
        link.close();
        commands.close();
    }
}
