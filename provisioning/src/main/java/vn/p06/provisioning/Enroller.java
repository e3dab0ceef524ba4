package vn.p06.provisioning;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.tls.KioskKeys;

/**
 * Brings one kiosk to the enrolled state: a credential the server accepts and a bundle file that
 * holds the same credential. The order of steps is chosen so that a crash or error between any two
 * of them is repaired by simply running again:
 * <ul>
 *   <li>the server is told first, the bundle written after, so a bundle on disk always holds a
 *       secret the server has seen;</li>
 *   <li>before a rotation the stale bundle is deleted, so an interrupted rotation leaves "server
 *       has it, bundle missing", which the next run rotates again, and never a bundle whose secret
 *       the server no longer accepts.</li>
 * </ul>
 */
final class Enroller {
    private static final Logger log = LoggerFactory.getLogger(Enroller.class);

    enum Outcome { ENROLLED, ROTATED, UNCHANGED }

    record Result(String kioskId, Outcome outcome, Path bundle) {
    }

    /** This kiosk cannot be handled (unusable bundle file, server refusal); others may still be. */
    static final class KioskFailure extends Exception {
        KioskFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FleetClient fleet;
    private final Path outDir;
    private final SecureRandom random;

    Enroller(FleetClient fleet, Path outDir, SecureRandom random) {
        this.fleet = fleet;
        this.outDir = outDir;
        this.random = random;
    }

    Path bundleOf(String kioskId) {
        return outDir.resolve(EnrollmentBundle.fileName(kioskId));
    }

    /** A kiosk number the server does not have yet: fresh secret, PUT, bundle. */
    Result enrollNew(String commune, int number) throws FleetException, KioskFailure {
        String kioskId = KioskIds.id(commune, number);
        if (Files.exists(bundleOf(kioskId))) {
            // The number was allocated above the server's highest, so this file belongs to a kiosk
            // the server has forgotten: its secret is useless and it is replaced.
            log.warn("replacing leftover bundle of {}, a kiosk unknown to the server", kioskId);
        }
        if (!register(kioskId, commune, Secrets.newSecret(random))) {
            // The contract has no create-only PUT: someone enrolled this number between our
            // listing and our PUT, and their credential was just replaced by ours.
            log.warn("{} already existed on the server; its credential was replaced", kioskId);
        }
        return new Result(kioskId, Outcome.ENROLLED, bundleOf(kioskId));
    }

    /**
     * Makes sure kiosk {@code number} of {@code commune} is enrolled, touching as little as
     * possible: an intact pair (bundle + live server entry) is left alone, a bundle the server lacks
     * is re-registered with its own secret (the kiosk keeps working), and a lost bundle or a revoked
     * kiosk gets a new secret.
     */
    Result ensure(String commune, int number) throws FleetException, KioskFailure {
        String kioskId = KioskIds.id(commune, number);
        Path file = bundleOf(kioskId);
        Optional<EnrollmentBundle> bundle = readBundle(kioskId, commune, file);
        Optional<FleetClient.KioskStatus> onServer = fleet.kiosk(kioskId);

        if (bundle.isPresent() && onServer.isPresent() && !onServer.get().revoked()) {
            return new Result(kioskId, Outcome.UNCHANGED, file);
        }
        if (bundle.isPresent() && onServer.isEmpty()) {
            log.info("{}: bundle present, server lacks it; registering the existing secret", kioskId);
            register(kioskId, commune, bundle.get().mqttPassword());
            return new Result(kioskId, Outcome.ENROLLED, file);
        }
        if (onServer.isEmpty()) {
            register(kioskId, commune, Secrets.newSecret(random));
            return new Result(kioskId, Outcome.ENROLLED, file);
        }
        // Server has it, and the bundle is missing or the kiosk is revoked: rotate.
        log.info("{}: rotating ({})", kioskId, bundle.isEmpty() ? "bundle missing" : "revoked");
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KioskFailure("cannot delete stale bundle " + file + ": " + e.getMessage(), e);
        }
        register(kioskId, commune, Secrets.newSecret(random));
        return new Result(kioskId, Outcome.ROTATED, file);
    }

    /** PUT, then the bundle; true when the server created the kiosk, false when it replaced one. */
    private boolean register(String kioskId, String commune, String secret) throws FleetException, KioskFailure {
        FleetClient.PutResult put;
        // A fresh key per registration, made here: only the request travels, the key goes into the bundle.
        KioskKeys.KeyAndRequest keys = KioskKeys.newRequest(kioskId);
        try {
            put = fleet.put(kioskId, commune, secret, keys.requestPem());
        } catch (FleetException.Rejected e) {
            if (e.isAuthFailure()) {
                throw e; // a wrong token is not this kiosk's problem: the caller aborts the run
            }
            throw new KioskFailure("server refused " + kioskId + ": " + e.getMessage(), e);
        }
        FleetClient.Registration reg = put.registration();
        EnrollmentBundle bundle;
        try {
            bundle = new EnrollmentBundle(kioskId, commune, reg.mqttUrl(), kioskId, secret, reg.fleetUrl(),
                    reg.contentPublicKey());
            if (reg.certificate() != null) {
                bundle = bundle.withTls(keys.privateKeyPem(), reg.certificate(), reg.caCertificate());
            }
        } catch (IllegalArgumentException e) {
            throw new KioskFailure(kioskId + ": server answered unusable addresses: " + e.getMessage(), e);
        }
        Path file = bundleOf(kioskId);
        try {
            bundle.write(file);
        } catch (IOException e) {
            throw new KioskFailure("registered " + kioskId + " but cannot write " + file + ": " + e
                    + " (run again to rotate it)", e);
        }
        log.debug("{} registered ({}), bundle {}", kioskId, put.created() ? "created" : "replaced", file);
        return put.created();
    }

    /** The bundle if it is there and is this kiosk's; an unusable file is a failure, not a silent rotation. */
    private static Optional<EnrollmentBundle> readBundle(String kioskId, String commune, Path file)
            throws KioskFailure {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        EnrollmentBundle b;
        try {
            b = EnrollmentBundle.read(file);
        } catch (IOException | RuntimeException e) {
            // Jackson's parse messages quote the offending text, which may be the secret: not shown.
            String why = e instanceof JsonProcessingException ? "not valid bundle JSON" : e.getMessage();
            throw new KioskFailure("cannot read bundle " + file + " (" + why
                    + "); delete it to give " + kioskId + " a new secret",
                    e instanceof JsonProcessingException ? null : e);
        }
        if (!kioskId.equals(b.kioskId()) || !commune.equals(b.commune()) || !kioskId.equals(b.mqttUsername())) {
            throw new KioskFailure("bundle " + file + " belongs to " + b.kioskId() + " of commune " + b.commune()
                    + ", not to " + kioskId + "; move it away to continue", null);
        }
        return Optional.of(b);
    }
}
