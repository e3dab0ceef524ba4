package vn.p06.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;

class EnrollmentBundleTest {

    @TempDir
    Path dir;

    private final EnrollmentBundle bundle = new EnrollmentBundle("26734-001", "26734",
            "tcp://127.0.0.1:1883", "26734-001", "s3cret-value", "http://127.0.0.1:8080");

    @Test
    void writtenBundlesReadBackAndAreOwnerOnly() throws Exception {
        Path file = dir.resolve(EnrollmentBundle.fileName("26734-001"));

        bundle.write(file);

        assertThat(EnrollmentBundle.read(file)).isEqualTo(bundle);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void theSecretNeverAppearsInToString() {
        assertThat(bundle.toString()).doesNotContain("s3cret-value").contains("26734-001");
    }

    @Test
    void aBadFieldIsNamed() throws Exception {
        Path file = dir.resolve("bad.json");
        Files.writeString(file, """
                {"kioskId":"26734-001","commune":"26734","mqttUrl":"localhost","mqttUsername":"u",
                 "mqttPassword":"p","fleetUrl":"http://127.0.0.1:8080"}""");

        assertThatThrownBy(() -> EnrollmentBundle.read(file)).hasMessageContaining("mqttUrl");
    }

    @Test
    void aBundleWithTlsCredentialsReadsBackAndHidesTheKey() throws Exception {
        KioskKeys.KeyAndRequest keys = KioskKeys.newRequest("26734-001");
        TestCa ca = new TestCa();
        EnrollmentBundle withTls = bundle.withTls(keys.privateKeyPem(), ca.sign("26734-001", keys), ca.pem());
        Path file = dir.resolve(EnrollmentBundle.fileName("26734-001"));

        withTls.write(file);

        assertThat(EnrollmentBundle.read(file)).isEqualTo(withTls);
        assertThat(withTls.hasTls()).isTrue();
        assertThat(withTls.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void tlsCredentialsComeTogetherAndMustNameTheKiosk() throws Exception {
        KioskKeys.KeyAndRequest keys = KioskKeys.newRequest("26734-002");
        TestCa ca = new TestCa();
        assertThatThrownBy(() -> bundle.withTls(keys.privateKeyPem(), null, ca.pem()))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> bundle.withTls(keys.privateKeyPem(), ca.sign("26734-002", keys), ca.pem()))
                .hasMessageContaining("CN=26734-002");
        assertThatThrownBy(() -> bundle.withTls("not a key", ca.sign("26734-001", keys), ca.pem()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBundleWrittenBeforeTlsStillReads() throws Exception {
        Path file = dir.resolve("old.json");
        Files.writeString(file, """
                {"kioskId":"26734-001","commune":"26734","mqttUrl":"tcp://127.0.0.1:1883","mqttUsername":"26734-001",
                 "mqttPassword":"s3cret-value","fleetUrl":"http://127.0.0.1:8080"}""");

        EnrollmentBundle old = EnrollmentBundle.read(file);

        assertThat(old).isEqualTo(bundle);
        assertThat(old.hasTls()).isFalse();
    }

    /** A throwaway CA: self-signed, signs one certificate for a request's key. */
    private static final class TestCa {
        private final java.security.KeyPair pair = KioskKeys.newKeyPair();
        private final org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=test ca");
        private final java.security.cert.X509Certificate certificate = sign(name, pair.getPublic());

        String pem() {
            return Pem.encode(certificate);
        }

        String sign(String kioskId, KioskKeys.KeyAndRequest keys) throws Exception {
            var request = Pem.certificationRequest(keys.requestPem());
            var key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
            return Pem.encode(sign(KioskKeys.subject(kioskId), key));
        }

        private java.security.cert.X509Certificate sign(org.bouncycastle.asn1.x500.X500Name subject,
                                                        java.security.PublicKey key) {
            try {
                var now = java.time.Instant.now();
                var builder = new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.ONE,
                        java.util.Date.from(now), java.util.Date.from(now.plusSeconds(3600)), subject, key);
                return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(builder.build(
                        new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder(KioskKeys.SIGNATURE)
                                .build(pair.getPrivate())));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
