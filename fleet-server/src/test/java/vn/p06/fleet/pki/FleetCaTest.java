package vn.p06.fleet.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.fleet.broker.KioskCertificates.Verdict;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.testsupport.MutableClock;

class FleetCaTest {
    @TempDir
    Path dir;

    private X509Certificate issue(FleetCa ca, String kioskId) {
        return ca.issueKiosk(kioskId, KioskKeys.newRequest(kioskId).requestPem());
    }

    @Test
    void theCaIsCreatedOnceWithAnOwnerOnlyKeyAndReopenedAsItWas() throws Exception {
        FleetCa first = FleetCa.openOrCreate(dir, Clock.systemUTC());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))))
                .isEqualTo("rw-------");
        FleetCa again = FleetCa.openOrCreate(dir, Clock.systemUTC());
        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(first.certificate().getBasicConstraints()).isEqualTo(0);
    }

    @Test
    void aKioskCertificateNamesTheKioskWhateverTheRequestAsksForAndLogsInUntilRevoked() throws Exception {
        FleetCa ca = FleetCa.openOrCreate(dir, Clock.systemUTC());
        // A request that asks for another kiosk's name still gets this kiosk's.
        X509Certificate certificate = ca.issueKiosk("26734-001", KioskKeys.newRequest("26734-002").requestPem());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=26734-001");
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        certificate.verify(ca.certificate().getPublicKey());

        assertThat(ca.check(certificate, "26734-001")).isEqualTo(Verdict.ACCEPTED);
        assertThat(ca.check(certificate, "26734-002")).isEqualTo(Verdict.OTHER_KIOSK);
        ca.revokeKiosk("26734-001");
        assertThat(ca.check(certificate, "26734-001")).isEqualTo(Verdict.REVOKED);

        // Revocation is on disk: a restarted server still refuses, and a new enrollment works.
        FleetCa restarted = FleetCa.openOrCreate(dir, Clock.systemUTC());
        assertThat(restarted.check(certificate, "26734-001")).isEqualTo(Verdict.REVOKED);
        assertThat(restarted.check(issue(restarted, "26734-001"), "26734-001")).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aCertificateFromAnotherCaIsUnknownEvenWithACopiedNameAndSerial(@TempDir Path elsewhere) throws Exception {
        FleetCa ca = FleetCa.openOrCreate(dir, Clock.systemUTC());
        issue(ca, "26734-001");
        FleetCa foreign = FleetCa.openOrCreate(elsewhere, Clock.systemUTC());
        assertThat(ca.check(issue(foreign, "26734-001"), "26734-001")).isEqualTo(Verdict.UNKNOWN_CERTIFICATE);
    }

    @Test
    void badRequestsAreRefusedWithTheReasonAndNothingIsIssued() throws Exception {
        FleetCa ca = FleetCa.openOrCreate(dir, Clock.systemUTC());
        assertThatThrownBy(() -> ca.issueKiosk("26734-001", "not pem")).isInstanceOf(IllegalArgumentException.class);
        String request = KioskKeys.newRequest("26734-001").requestPem();
        String tampered = request.replace(request.substring(100, 104), "AAAA");
        assertThatThrownBy(() -> ca.issueKiosk("26734-001", tampered)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ca.ledger().validCount("26734-001")).isZero();
    }

    @Test
    void theServerCertificateIsKeptForTheSameHostsAndReissuedWhenTheyChange() throws Exception {
        FleetCa ca = FleetCa.openOrCreate(dir, Clock.systemUTC());
        ServerIdentity first = ca.serverIdentity(List.of("fleet.example.vn", "10.0.0.5"));
        assertThat(first.hosts()).containsExactly("10.0.0.5", "fleet.example.vn");
        assertThat(ca.serverIdentity(List.of("10.0.0.5", "fleet.example.vn")).certificate())
                .isEqualTo(first.certificate());
        ServerIdentity moved = ca.serverIdentity(List.of("fleet.example.vn", "10.0.0.6"));
        assertThat(moved.certificate()).isNotEqualTo(first.certificate());
        assertThat(moved.hosts()).contains("10.0.0.6");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("server.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void theCrlListsEveryRevokedCertificateIsSignedByTheCaAndIsWrittenForExternalBrokers() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-23T08:00:00Z"));
        FleetCa ca = FleetCa.openOrCreate(dir, clock);
        assertThat(ca.crl().getRevokedCertificates()).as("nothing revoked yet").isNull();
        X509Certificate first = issue(ca, "26734-001");
        X509Certificate second = issue(ca, "26734-001");
        X509Certificate other = issue(ca, "26734-002");
        clock.advance(Duration.ofHours(2));
        ca.revokeKiosk("26734-001");

        X509CRL crl = readCrl(dir.resolve("crl.pem"));
        crl.verify(ca.certificate().getPublicKey());
        assertThat(crl).isEqualTo(ca.crl());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(crl.isRevoked(first)).isTrue();
        assertThat(crl.isRevoked(second)).isTrue();
        assertThat(crl.isRevoked(other)).isFalse();
        assertThat(crl.getRevokedCertificate(first).getRevocationDate().toInstant()).isEqualTo(clock.instant());
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(clock.instant().plus(FleetCa.CRL_VALIDITY));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("crl.pem"))))
                .isEqualTo("rw-r--r--");

        // After a restart the CRL is the same list with the same revocation times; a certificate
        // past its end leaves the list (it is refused for its dates anyway).
        clock.advance(Duration.ofDays(1));
        FleetCa restarted = FleetCa.openOrCreate(dir, clock);
        X509CRL again = restarted.crl();
        assertThat(again.getRevokedCertificates()).hasSize(2);
        assertThat(again.getRevokedCertificate(second).getRevocationDate())
                .isEqualTo(crl.getRevokedCertificate(second).getRevocationDate());
        assertThat(again.getThisUpdate()).isAfter(crl.getThisUpdate());
        clock.advance(FleetCa.KIOSK_VALIDITY);
        restarted.publishCrl();
        assertThat(restarted.crl().getRevokedCertificates()).isNull();
    }

    private static X509CRL readCrl(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
    }
}
