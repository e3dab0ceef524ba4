package vn.p06.kiosk.identity;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.Body;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;
import vn.p06.protocol.tls.TlsContexts;

/**
 * Keeps a kiosk's certificate from running out: when the certificate in use has less than
 * {@link Policy#renewBefore} of its life left, makes a new key and certificate request, asks the
 * fleet server for a certificate ({@code POST /api/kiosk/certificate}, HTTPS trusting only the fleet
 * CA, HTTP Basic with the kiosk's id and secret), checks the answer (fleet CA, this kiosk's CN, the
 * key it just made), stores it ({@link KioskIdentity}) and hands it to the MQTT link, which
 * reconnects with it.
 * <p>
 * A failure (server down, 401, a bad answer, a full disk) changes nothing: the working certificate
 * stays in use, the error is logged and shown in health ({@link #state()}), and the attempt is
 * repeated with a doubling delay. Due dates and delays are read from the injected clock, so a
 * test moves the clock rather than waits; the real-time tick only looks at the clock.
 */
public final class CertificateRenewer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateRenewer.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String PATH = "/api/kiosk/certificate";
    private static final int MAX_ERROR = 200;

    /**
     * When and how often to renew.
     *
     * @param shareLeft    renew once less than this share of the certificate's lifetime is left
     * @param minimumLeft  ...or less than this, whichever is larger
     * @param checkEvery   how often (real time) the due date is compared with the clock
     * @param retryInitial first delay (clock time) after a failed attempt; doubles up to {@code retryMax}
     * @param timeout      per HTTP request
     */
    public record Policy(double shareLeft, Duration minimumLeft, Duration checkEvery, Duration retryInitial,
                         Duration retryMax, Duration timeout) {
        public Policy {
            if (!(shareLeft > 0 && shareLeft < 1)) {
                throw new IllegalArgumentException("shareLeft must be between 0 and 1: " + shareLeft);
            }
            Objects.requireNonNull(minimumLeft, "minimumLeft");
            if (checkEvery.isNegative() || checkEvery.isZero() || retryInitial.isNegative()
                    || retryMax.compareTo(retryInitial) < 0 || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("renewal delays must be positive and retryMax >= retryInitial");
            }
        }

        /**
         * A third of the lifetime or 30 days, whichever is larger; checked hourly, retried from 1 minute
         * to 6 hours. For the fleet's 2-year certificates that starts renewing 8 months before the end:
         * a kiosk switched off for a long holiday, or a server down for weeks, still has months of
         * retries. The 30-day floor keeps short certificates (should the CA issue them) from renewing
         * in their last days only.
         */
        public static Policy defaults() {
            return new Policy(1.0 / 3, Duration.ofDays(30), Duration.ofHours(1), Duration.ofMinutes(1),
                    Duration.ofHours(6), Duration.ofSeconds(30));
        }

        /** How much of a certificate valid from {@code notBefore} to {@code notAfter} must be left. */
        public Duration renewBefore(Instant notBefore, Instant notAfter) {
            Duration share = Duration.ofMillis((long) (Duration.between(notBefore, notAfter).toMillis() * shareLeft));
            return share.compareTo(minimumLeft) > 0 ? share : minimumLeft;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Answer(String id, String certificate, String caCertificate) {
    }

    private final String kioskId;
    private final Path dataDir;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final Policy policy;
    private final Consumer<EnrollmentBundle> onRenewed;
    private final X509Certificate ca;
    /**
     * Made at the first attempt (a client holds a selector thread, and a kiosk renews once in
     * years); used by one attempt at a time ({@code attempting}).
     */
    private HttpClient http;

    /** guarded by this */
    private EnrollmentBundle current;
    /** guarded by this */
    private X509Certificate certificate;
    /** guarded by this */
    private String lastError;
    /** guarded by this: no attempt before this (clock time) after a failure */
    private Instant nextAttempt = Instant.MIN;
    /** guarded by this */
    private Duration retryDelay;
    /** guarded by this */
    private int failures;
    /** guarded by this: an attempt is under way */
    private boolean attempting;
    private volatile ScheduledFuture<?> task;

    /**
     * @param inUse     the bundle with the credentials the kiosk logs in with now ({@link KioskIdentity#effective})
     * @param onRenewed gets the bundle with the new credentials once they are stored (the link reconnects with them)
     */
    public CertificateRenewer(EnrollmentBundle inUse, Path dataDir, Clock clock, ScheduledExecutorService scheduler,
                              Policy policy, Consumer<EnrollmentBundle> onRenewed) {
        if (!inUse.hasTls()) {
            throw new IllegalArgumentException("kiosk " + inUse.kioskId() + " has no certificate to renew");
        }
        this.kioskId = inUse.kioskId();
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.onRenewed = Objects.requireNonNull(onRenewed, "onRenewed");
        this.current = inUse;
        this.certificate = Pem.certificate(inUse.tlsCertificate());
        this.ca = Pem.certificate(inUse.caCertificate());
        this.retryDelay = policy.retryInitial();
        if (!inUse.fleetUrl().startsWith("https://")) {
            // Renewal sends the kiosk's secret; over plain HTTP it would cross the network readable.
            lastError = "renewal needs an https:// fleetUrl, the bundle has " + URI.create(inUse.fleetUrl()).getScheme();
        }
    }

    /** Checks now and then every {@link Policy#checkEvery}. */
    public synchronized void start() {
        if (task != null) {
            throw new IllegalStateException("already started");
        }
        task = scheduler.scheduleWithFixedDelay(this::check, 0, policy.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The certificate in use and the renewal's last error, for the health sample. */
    public synchronized Body.CertificateState state() {
        Instant notAfter = certificate.getNotAfter().toInstant();
        return new Body.CertificateState(certificate.getSerialNumber().toString(16), notAfter.toString(),
                Duration.between(clock.instant(), notAfter).toDays(), lastError);
    }

    /** The credentials in use (after the last successful renewal). */
    public synchronized EnrollmentBundle current() {
        return current;
    }

    /** One check: renews if due and not waiting after a failure. Public for the wiring and tests; never throws. */
    public void check() {
        try {
            EnrollmentBundle renewed = attemptIfDue();
            if (renewed != null) {
                onRenewed.accept(renewed);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again.
            log.error("kiosk {}: certificate renewal check failed", kioskId, e);
        }
    }

    /** Due and not waiting after a failure (nor already renewing)? Then marks the attempt started. */
    private synchronized boolean due(Instant now) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (attempting || !current.fleetUrl().startsWith("https://") || now.isBefore(nextAttempt)
                || now.isBefore(notAfter.minus(policy.renewBefore(notBefore, notAfter)))) {
            return false;
        }
        attempting = true;
        log.info("kiosk {}: certificate {} ends {} ({} days left): renewing", kioskId,
                certificate.getSerialNumber().toString(16), notAfter, Duration.between(now, notAfter).toDays());
        return true;
    }

    /** The HTTP round trip runs outside the lock: {@link #state()} must not wait for a slow server. */
    private EnrollmentBundle attemptIfDue() {
        Instant now = clock.instant();
        if (!due(now)) {
            return null;
        }
        try {
            KioskKeys.KeyAndRequest keys = KioskKeys.newRequest(kioskId);
            String certificatePem = request(keys.requestPem());
            X509Certificate issued = KioskIdentity.verify(certificatePem, kioskId, ca, now);
            KioskIdentity.requireKeyMatches(Pem.privateKey(keys.privateKeyPem()), issued.getPublicKey());
            KioskIdentity.store(dataDir, kioskId, keys.privateKeyPem(), certificatePem);
            return succeeded(keys.privateKeyPem(), certificatePem, issued);
        } catch (IOException | RuntimeException e) {
            failed(now, describe(e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(now, "interrupted");
            return null;
        }
    }

    private synchronized EnrollmentBundle succeeded(String privateKeyPem, String certificatePem, X509Certificate issued) {
        current = current.withTls(privateKeyPem, certificatePem, current.caCertificate());
        certificate = issued;
        lastError = null;
        failures = 0;
        retryDelay = policy.retryInitial();
        nextAttempt = Instant.MIN;
        attempting = false;
        log.info("kiosk {}: renewed: certificate {} valid until {}", kioskId,
                issued.getSerialNumber().toString(16), issued.getNotAfter().toInstant());
        return current;
    }

    private synchronized void failed(Instant now, String reason) {
        failures++;
        lastError = shorten(reason);
        nextAttempt = now.plus(retryDelay);
        attempting = false;
        log.warn("kiosk {}: certificate renewal failed ({} in a row): {}; still using certificate {} "
                        + "({} days left); next attempt after {}", kioskId, failures, lastError,
                certificate.getSerialNumber().toString(16),
                Duration.between(now, certificate.getNotAfter().toInstant()).toDays(), nextAttempt);
        Duration doubled = retryDelay.multipliedBy(2);
        retryDelay = doubled.compareTo(policy.retryMax()) > 0 ? policy.retryMax() : doubled;
    }

    /** The certificate PEM the server answered, or an exception saying why there is none. */
    private String request(String requestPem) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((kioskId + ":" + current.mqttPassword()).getBytes(UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(current.fleetUrl()) + PATH))
                .timeout(policy.timeout())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        JSON.writeValueAsBytes(java.util.Map.of("certificateRequest", requestPem))))
                .build();
        if (http == null) {
            http = HttpClient.newBuilder()
                    .sslContext(TlsContexts.trustOnly(current.caCertificate()))
                    .connectTimeout(policy.timeout())
                    .build();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot reach " + request.uri() + ": " + describe(e), e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("server answered HTTP " + response.statusCode() + ": " + response.body());
        }
        Answer answer;
        try {
            answer = JSON.readValue(response.body(), Answer.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable answer: " + e.getMessage(), e);
        }
        if (answer.certificate() == null) {
            throw new IllegalArgumentException("the answer has no certificate");
        }
        if (answer.caCertificate() != null && !Pem.certificate(answer.caCertificate()).equals(ca)) {
            // A CA change is a re-provisioning of the fleet (SECURITY.md), never a renewal.
            throw new IllegalArgumentException("the answer names another CA than the kiosk's");
        }
        return answer.certificate();
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String shorten(String text) {
        String line = text.replace('\n', ' ').strip();
        return line.length() <= MAX_ERROR ? line : line.substring(0, MAX_ERROR - 1) + "…";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        ScheduledFuture<?> running = task;
        if (running != null) {
            running.cancel(false);
        }
    }
}
