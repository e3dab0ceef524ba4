package vn.p06.kiosk.print;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;

/**
 * The A4 printer behind a CUPS queue, spoken to over IPP: the PDF goes in with Print-Job, the job
 * is followed with Get-Job-Attributes until it is completed, and the printer's state and reasons
 * (media-empty, media-jam, offline, …) are read with Get-Printer-Attributes, both to refuse a job the
 * printer cannot take and for the health report. A job that the printer stops on is cancelled,
 * so a prefilled form does not come out later for the next resident to pick up; every job, done
 * or not, is purged from CUPS's spool and history afterwards.
 */
public final class CupsPrinter implements A4Printer {
    private static final Logger LOG = LoggerFactory.getLogger(CupsPrinter.class);
    private static final int STATE_STOPPED = 5;
    private static final int JOB_CANCELED = 7;
    private static final int JOB_ABORTED = 8;
    private static final int JOB_COMPLETED = 9;

    /**
     * @param server      the CUPS server, e.g. {@code http://localhost:631}
     * @param queue       the queue name ({@code lpadmin -p})
     * @param user        requesting-user-name of the jobs (cups-pdf files output by it)
     * @param poll        how often a running job is looked at
     * @param jobTimeout  a job not done by then is cancelled and reported as failed
     */
    public record Config(URI server, String queue, String user, Duration poll, Duration jobTimeout) {
        public Config {
            Objects.requireNonNull(server);
            if (queue == null || !queue.matches("[A-Za-z0-9_.-]{1,127}")) {
                throw new IllegalArgumentException("not a CUPS queue name: " + queue);
            }
            Objects.requireNonNull(user);
        }

        /** The local CUPS, this queue, jobs looked at twice a second, three minutes per job. */
        public static Config local(String queue) {
            return new Config(URI.create("http://localhost:631"), queue, System.getProperty("user.name", "kiosk"),
                    Duration.ofMillis(500), Duration.ofMinutes(3));
        }

        URI printerEndpoint() {
            return server.resolve("/printers/" + queue);
        }

        String printerUri() {
            return "ipp://" + server.getHost() + (server.getPort() > 0 ? ":" + server.getPort() : "") + "/printers/" + queue;
        }
    }

    private final Config config;
    private final Clock clock;

    public CupsPrinter(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void print(PrintDocument document) throws PrintException {
        try {
            Optional<PrintException> refusal = refusal(printerAttributes());
            if (refusal.isPresent()) {
                throw refusal.get();
            }
            Ipp.Response submitted = Ipp.send(config.printerEndpoint(),
                    new Ipp.Request(Ipp.PRINT_JOB, config.printerUri())
                            .name("requesting-user-name", config.user())
                            .name("job-name", document.title())
                            .mime("document-format", "application/pdf"),
                    document.pdf(), timeout());
            if (!submitted.ok()) {
                throw new PrintException(PrinterFault.FAILED, "CUPS refused the job: status 0x"
                        + Integer.toHexString(submitted.status()) + " " + submitted.first("status-message"));
            }
            int jobId = Integer.parseInt(submitted.first("job-id"));
            try {
                follow(jobId);
            } finally {
                purge(jobId);
            }
        } catch (IOException e) {
            throw new PrintException(PrinterFault.OFFLINE, "CUPS at " + config.server() + " not reachable: " + e.getMessage(), e);
        } finally {
            document.wipe();
        }
    }

    /** Waits for the job's end; a stopped printer or the timeout cancels it. */
    private void follow(int jobId) throws IOException, PrintException {
        Instant deadline = clock.instant().plus(config.jobTimeout());
        while (true) {
            Ipp.Response job = Ipp.send(config.printerEndpoint(),
                    new Ipp.Request(Ipp.GET_JOB_ATTRIBUTES, config.printerUri())
                            .integer("job-id", jobId)
                            .name("requesting-user-name", config.user())
                            .requested("job-state", "job-state-reasons"),
                    null, timeout());
            int state = job.ok() ? Integer.parseInt(job.first("job-state")) : JOB_ABORTED;
            switch (state) {
                case JOB_COMPLETED:
                    LOG.info("print job {} on {} completed", jobId, config.queue());
                    return;
                case JOB_CANCELED:
                case JOB_ABORTED:
                    throw new PrintException(PrinterFault.FAILED, "job " + jobId + " " + (state == JOB_CANCELED
                            ? "cancelled" : "aborted") + ": " + String.join(",", job.all("job-state-reasons")));
                default:
                    break;
            }
            Optional<PrintException> stopped = refusal(printerAttributes());
            if (stopped.isPresent() || clock.instant().isAfter(deadline)) {
                throw stopped.orElseGet(() -> new PrintException(PrinterFault.OFFLINE,
                        "job " + jobId + " not printed within " + config.jobTimeout()));
            }
            sleep();
        }
    }

    /**
     * Cancels the job if it is still there and makes CUPS delete its document and history
     * ({@code purge-job}, a CUPS extension of Cancel-Job, what {@code cancel -x} sends). Without it
     * CUPS keeps a printed document in /var/spool/cups for a day (PreserveJobFiles 86400), and a
     * prefilled form must not stay on the kiosk's disk.
     */
    private void purge(int jobId) {
        try {
            Ipp.Response r = Ipp.send(config.printerEndpoint(), new Ipp.Request(Ipp.CANCEL_JOB, config.printerUri())
                    .integer("job-id", jobId).name("requesting-user-name", config.user()).bool("purge-job", true),
                    null, timeout());
            if (!r.ok()) {
                LOG.warn("CUPS did not purge print job {} on {}: status 0x{}", jobId, config.queue(), Integer.toHexString(r.status()));
            }
        } catch (IOException e) {
            LOG.warn("could not purge print job {} on {}: {}", jobId, config.queue(), e.toString());
        }
    }

    @Override
    public Body.Peripheral state() {
        Ipp.Response attributes;
        try {
            attributes = printerAttributes();
        } catch (IOException e) {
            return new Body.Peripheral(false, PrinterFault.OFFLINE.stateName(), "CUPS not reachable");
        }
        if (attributes.status() == Ipp.NOT_FOUND) {
            return new Body.Peripheral(false, PrinterFault.ABSENT.stateName(), "no CUPS queue " + config.queue());
        }
        String detail = detail(attributes);
        Optional<PrinterFault> fault = fault(attributes);
        if (fault.isPresent()) {
            return new Body.Peripheral(true, fault.get().stateName(), detail);
        }
        return new Body.Peripheral(true, "4".equals(attributes.first("printer-state")) ? "printing" : "ready", detail);
    }

    private Ipp.Response printerAttributes() throws IOException {
        return Ipp.send(config.printerEndpoint(), new Ipp.Request(Ipp.GET_PRINTER_ATTRIBUTES, config.printerUri())
                .requested("printer-state", "printer-state-reasons", "printer-state-message",
                        "printer-is-accepting-jobs"), null, timeout());
    }

    /** Why the printer cannot take or finish a job now, if it cannot. */
    private Optional<PrintException> refusal(Ipp.Response attributes) {
        if (attributes.status() == Ipp.NOT_FOUND) {
            return Optional.of(new PrintException(PrinterFault.ABSENT, "no CUPS queue " + config.queue()));
        }
        return fault(attributes).map(f -> new PrintException(f, config.queue() + ": " + detail(attributes)));
    }

    /**
     * Reasons with an {@code -error} suffix stop printing (RFC 8011 §5.4.12); a stopped queue with no
     * such reason was paused (cupsdisable) or lost its device: offline.
     */
    static Optional<PrinterFault> fault(Ipp.Response attributes) {
        List<String> reasons = attributes.all("printer-state-reasons");
        for (String reason : reasons) {
            if (reason.endsWith("-warning") || (reason.endsWith("-report") && !reason.startsWith("offline"))) {
                continue;
            }
            String r = reason.replaceFirst("-(error|report)$", "");
            if (r.equals("media-empty") || r.equals("media-needed")) {
                return Optional.of(PrinterFault.PAPER_OUT);
            }
            if (r.equals("media-jam")) {
                return Optional.of(PrinterFault.JAMMED);
            }
            if (r.equals("door-open") || r.equals("cover-open")) {
                return Optional.of(PrinterFault.DOOR_OPEN);
            }
            if (r.equals("offline") || r.equals("shutdown") || r.equals("timed-out")) {
                return Optional.of(PrinterFault.OFFLINE);
            }
        }
        boolean stopped = Integer.toString(STATE_STOPPED).equals(attributes.first("printer-state"));
        boolean refusing = "false".equals(attributes.first("printer-is-accepting-jobs"));
        return stopped || refusing ? Optional.of(PrinterFault.OFFLINE) : Optional.empty();
    }

    private static String detail(Ipp.Response attributes) {
        String message = attributes.first("printer-state-message");
        String reasons = String.join(",", attributes.all("printer-state-reasons"));
        String detail = message.isEmpty() ? reasons : reasons + ": " + message;
        return detail.length() > 200 ? detail.substring(0, 200) : detail;
    }

    private Duration timeout() {
        return Duration.ofSeconds(10);
    }

    private void sleep() throws PrintException {
        try {
            Thread.sleep(config.poll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrintException(PrinterFault.FAILED, "interrupted while printing");
        }
    }
}
