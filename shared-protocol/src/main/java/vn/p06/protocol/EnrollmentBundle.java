package vn.p06.protocol;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * What provisioning hands a kiosk: its identity, its MQTT credentials and where the fleet is.
 * Written by {@code provisioning enroll} as {@code <kioskId>.json}, read by the kiosk agent at start.
 * The secret is in clear here (the kiosk needs it) and only as a slow hash on the server, so the
 * file is written readable by its owner only.
 *
 * @param mqttUrl  {@code tcp://host:port} now, {@code ssl://} once the broker has TLS
 * @param fleetUrl the fleet server's HTTP base, for content and enrollment
 * @param contentPublicKey the server's Ed25519 content key (Base64 X.509), pinned here so the kiosk
 *                 accepts only releases that server signed; null in bundles made before content
 * @param tlsPrivateKey  the kiosk's own TLS key (PKCS#8 PEM), made by provisioning; with the next
 *                 two it is the kiosk's certificate login. All three are null in password-only bundles.
 * @param tlsCertificate the kiosk's certificate (PEM, CN = kiosk id) issued by the fleet's CA
 * @param caCertificate  the fleet CA (PEM): the kiosk's only trust anchor for ssl:// and https://
 */
public record EnrollmentBundle(String kioskId, String commune, String mqttUrl, String mqttUsername,
                               String mqttPassword, String fleetUrl, String contentPublicKey,
                               String tlsPrivateKey, String tlsCertificate, String caCertificate) {

    /** A bundle without TLS credentials (password login on the plain or TLS listener). */
    public EnrollmentBundle(String kioskId, String commune, String mqttUrl, String mqttUsername,
                            String mqttPassword, String fleetUrl, String contentPublicKey) {
        this(kioskId, commune, mqttUrl, mqttUsername, mqttPassword, fleetUrl, contentPublicKey, null, null, null);
    }

    /** A bundle without a content key: the kiosk then refuses every release. */
    public EnrollmentBundle(String kioskId, String commune, String mqttUrl, String mqttUsername,
                            String mqttPassword, String fleetUrl) {
        this(kioskId, commune, mqttUrl, mqttUsername, mqttPassword, fleetUrl, null);
    }

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public EnrollmentBundle {
        Topics.requireValidKioskId(kioskId);
        requireText("commune", commune);
        requireUri("mqttUrl", mqttUrl);
        requireText("mqttUsername", mqttUsername);
        requireText("mqttPassword", mqttPassword);
        requireUri("fleetUrl", fleetUrl);
        if (contentPublicKey != null) {
            vn.p06.protocol.content.ContentKey.decodePublicKey(contentPublicKey);
        }
        if (tlsPrivateKey != null || tlsCertificate != null || caCertificate != null) {
            requireTls(kioskId, tlsPrivateKey, tlsCertificate, caCertificate);
        }
    }

    /** This bundle with (new) TLS credentials: enrollment and certificate renewal. */
    public EnrollmentBundle withTls(String privateKeyPem, String certificatePem, String caPem) {
        return new EnrollmentBundle(kioskId, commune, mqttUrl, mqttUsername, mqttPassword, fleetUrl, contentPublicKey,
                privateKeyPem, certificatePem, caPem);
    }

    /** Whether the kiosk logs in with its certificate (and checks the server against the fleet CA). */
    public boolean hasTls() {
        return tlsCertificate != null;
    }

    public static EnrollmentBundle read(Path file) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), EnrollmentBundle.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw new IOException(file + ": " + e.getCause().getMessage(), e);
        }
    }

    /** Writes atomically (temp file + rename) with owner-only permissions. */
    public void write(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".bundle", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            MAPPER.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static String fileName(String kioskId) {
        return Topics.requireValidKioskId(kioskId) + ".json";
    }

    @Override
    public String toString() {
        // Never print the secret, whoever logs the bundle.
        return "EnrollmentBundle[kioskId=" + kioskId + ", commune=" + commune + ", mqttUrl=" + mqttUrl
                + ", fleetUrl=" + fleetUrl + "]";
    }

    /** All three or none; the certificate must name this kiosk and match the key. */
    private static void requireTls(String kioskId, String keyPem, String certificatePem, String caPem) {
        if (keyPem == null || certificatePem == null || caPem == null) {
            throw new IllegalArgumentException("tlsPrivateKey, tlsCertificate and caCertificate go together");
        }
        java.security.cert.X509Certificate certificate = vn.p06.protocol.tls.Pem.certificate(certificatePem);
        vn.p06.protocol.tls.Pem.certificate(caPem);
        java.security.PrivateKey key = vn.p06.protocol.tls.Pem.privateKey(keyPem);
        String subject = certificate.getSubjectX500Principal().getName();
        if (!subject.equals("CN=" + kioskId)) {
            throw new IllegalArgumentException("tlsCertificate is for " + subject + ", not CN=" + kioskId);
        }
        if (!key.getAlgorithm().equals(certificate.getPublicKey().getAlgorithm())) {
            throw new IllegalArgumentException("tlsPrivateKey does not belong to tlsCertificate");
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    private static void requireUri(String field, String value) {
        requireText(field, value);
        URI uri = URI.create(value);
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(field + " must be scheme://host:port, got " + value);
        }
    }
}
