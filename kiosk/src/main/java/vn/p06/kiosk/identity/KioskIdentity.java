package vn.p06.kiosk.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;

/**
 * Which TLS key and certificate a kiosk logs in with. Provisioning's bundle (under {@code /etc},
 * read-only to the agent) holds the first one; every renewal writes its key and certificate to
 * {@code <data-dir>/identity/<kioskId>.json} instead, so the bundle is never rewritten. At start
 * the renewed one wins when it is valid now, chains to the bundle's CA, names this kiosk, matches
 * its key and does not end before the bundle's (a kiosk re-provisioned since has the newer bundle).
 */
public final class KioskIdentity {
    private static final Logger log = LoggerFactory.getLogger(KioskIdentity.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** What a renewal stores: PEM text, as in the bundle. */
    record Stored(String privateKey, String certificate) {
        @Override
        public String toString() {
            return "Stored[certificate only]";
        }
    }

    private KioskIdentity() {
    }

    /** The bundle to run with: the bundle's own credentials, or the renewed ones (see the class comment). */
    public static EnrollmentBundle effective(EnrollmentBundle bundle, Path dataDir, Clock clock) {
        if (!bundle.hasTls()) {
            return bundle;
        }
        Path file = file(dataDir, bundle.kioskId());
        if (!Files.exists(file)) {
            return bundle;
        }
        try {
            Stored stored = JSON.readValue(file.toFile(), Stored.class);
            X509Certificate ca = Pem.certificate(bundle.caCertificate());
            X509Certificate renewed = verify(stored.certificate(), bundle.kioskId(), ca, clock.instant());
            requireKeyMatches(Pem.privateKey(stored.privateKey()), renewed.getPublicKey());
            X509Certificate provisioned = Pem.certificate(bundle.tlsCertificate());
            if (provisioned.getNotAfter().after(renewed.getNotAfter())) {
                log.info("kiosk {}: the bundle's certificate is newer than the renewed one in {}; using the bundle's",
                        bundle.kioskId(), file);
                return bundle;
            }
            log.info("kiosk {}: using the renewed certificate {} (valid until {})", bundle.kioskId(),
                    renewed.getSerialNumber().toString(16), renewed.getNotAfter().toInstant());
            return bundle.withTls(stored.privateKey(), stored.certificate(), bundle.caCertificate());
        } catch (IOException | RuntimeException e) {
            log.warn("kiosk {}: ignoring the renewed certificate in {} ({}); using the bundle's", bundle.kioskId(), file,
                    e.getMessage());
            return bundle;
        }
    }

    static Path file(Path dataDir, String kioskId) {
        return dataDir.resolve("identity").resolve(EnrollmentBundle.fileName(kioskId));
    }

    /**
     * Writes the key and certificate so that a crash or a full disk leaves either the old file or the
     * new one: owner-only temp file, written and forced to disk, renamed over the old one, and the
     * directory forced so the rename itself survives a power cut.
     */
    static void store(Path dataDir, String kioskId, String privateKeyPem, String certificatePem) throws IOException {
        Path file = file(dataDir, kioskId);
        Path dir = file.getParent();
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = Files.createTempFile(dir, ".identity", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            byte[] bytes = JSON.writeValueAsBytes(new Stored(privateKeyPem, certificatePem));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The certificate, if it is one the kiosk may log in with: signed by the fleet CA, valid at
     * {@code now}, for {@code CN=<kioskId>}.
     *
     * @throws IllegalArgumentException saying which of these it is not
     */
    static X509Certificate verify(String certificatePem, String kioskId, X509Certificate ca, Instant now) {
        X509Certificate certificate = Pem.certificate(certificatePem);
        try {
            if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
                throw new IllegalArgumentException("certificate issued by " + certificate.getIssuerX500Principal()
                        + ", not the fleet CA");
            }
            certificate.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate not signed by the fleet CA", e);
        }
        try {
            certificate.checkValidity(Date.from(now));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("certificate not valid at " + now + ": " + e.getMessage(), e);
        }
        String subject = certificate.getSubjectX500Principal().getName();
        if (!subject.equals("CN=" + kioskId)) {
            throw new IllegalArgumentException("certificate is for " + subject + ", not CN=" + kioskId);
        }
        return certificate;
    }

    /** Whether the private key is the one the public key belongs to: sign and verify a test text. */
    static void requireKeyMatches(PrivateKey key, PublicKey certified) {
        try {
            byte[] probe = "p06 key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(KioskKeys.SIGNATURE);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(KioskKeys.SIGNATURE);
            verifier.initVerify(certified);
            verifier.update(probe);
            if (!verifier.verify(signature)) {
                throw new IllegalArgumentException("the certificate is for another key");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the certificate is for another key: " + e.getMessage(), e);
        }
    }
}
