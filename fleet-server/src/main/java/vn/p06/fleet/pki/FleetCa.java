package vn.p06.fleet.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.fleet.broker.KioskCertificates;
import vn.p06.protocol.tls.KioskKeys;
import vn.p06.protocol.tls.Pem;

/**
 * The fleet's own certificate authority (EC P-256, Bouncy Castle). Created on first start under
 * {@code <data-dir>/pki/}: {@code ca.key} (owner-only) and {@code ca.crt}. It signs the server's
 * certificate (broker TLS listener and HTTPS; re-issued when the host names change) and one
 * client certificate per kiosk ({@code CN=<kioskId>}), whose serial numbers go into the
 * {@link CertificateLedger} so that revocation can refuse them.
 * <p>
 * A private CA rather than a public one: kiosks trust this CA only, so nobody else can mint a
 * certificate a kiosk accepts for the fleet's name, and issuing costs nothing per kiosk.
 */
public final class FleetCa implements KioskCertificates {
    private static final Logger log = LoggerFactory.getLogger(FleetCa.class);
    static final Duration CA_VALIDITY = Duration.ofDays(20 * 365);
    static final Duration KIOSK_VALIDITY = Duration.ofDays(2 * 365);
    static final Duration SERVER_VALIDITY = Duration.ofDays(2 * 365);
    /** A server certificate closer than this to its end is re-issued at start. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Accept clocks of kiosks and servers that are a little behind. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    /**
     * A CRL's nextUpdate: long enough that a server down for a few weeks does not lock the fleet out
     * of an external broker (OpenSSL refuses everyone once it passes), short enough to be a CRL.
     */
    static final Duration CRL_VALIDITY = Duration.ofDays(30);

    private final Path dir;
    private final Clock clock;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;
    private final CertificateLedger ledger;
    private final SecureRandom random = new SecureRandom();
    /** The certificate each kiosk last logged in with: which one a kiosk uses after a renewal. */
    private final Map<String, BigInteger> lastLogin = new ConcurrentHashMap<>();
    /** The last CRL published, for {@code GET /api/pki/crl}. */
    private volatile X509CRL crl;

    private FleetCa(Path dir, Clock clock, PrivateKey caKey, X509Certificate caCertificate, CertificateLedger ledger) {
        this.dir = dir;
        this.clock = clock;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
        this.ledger = ledger;
    }

    /** Opens the CA in {@code dir}, creating it (key, certificate, empty ledger) the first time. */
    public static FleetCa openOrCreate(Path dir, Clock clock) throws IOException {
        Files.createDirectories(dir);
        Path keyFile = dir.resolve("ca.key");
        Path certFile = dir.resolve("ca.crt");
        CertificateLedger ledger = CertificateLedger.open(dir.resolve("issued.log"), clock.instant());
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            FleetCa ca = new FleetCa(dir, clock, Pem.privateKey(Files.readString(keyFile)),
                    Pem.certificate(Files.readString(certFile)), ledger);
            ca.publishCrl();
            return ca;
        }
        KeyPair pair = KioskKeys.newKeyPair();
        Instant now = clock.instant();
        X500Name name = new X500Name("CN=P06 Fleet CA " + now.getEpochSecond() + ",O=Commune kiosk fleet");
        FleetCa ca = new FleetCa(dir, clock, pair.getPrivate(), null, ledger);
        X509Certificate certificate = ca.sign(name, pair.getPublic(), now, CA_VALIDITY, pair.getPrivate(), name,
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        writeOwnerOnly(keyFile, Pem.encodePrivateKey(pair.getPrivate()));
        writeOwnerOnly(certFile, Pem.encode(certificate));
        log.info("created the fleet CA in {} ({})", dir, name);
        FleetCa created = new FleetCa(dir, clock, pair.getPrivate(), certificate, ledger);
        created.publishCrl();
        return created;
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    public String certificatePem() {
        return Pem.encode(caCertificate);
    }

    /** Which kiosk certificates are valid: the broker's and HTTPS's check, revocation's record. */
    public CertificateLedger ledger() {
        return ledger;
    }

    /**
     * Revokes every certificate of this kiosk: the ledger first (the embedded broker's check, fsync'ed),
     * then a new CRL for external brokers ({@code crl.pem}).
     */
    public void revokeKiosk(String kioskId) {
        ledger.revokeKiosk(kioskId, clock.instant());
        publishCrl();
    }

    /** The serial of the certificate this kiosk last logged in with on the embedded broker, since start. */
    public Optional<BigInteger> lastLoginSerial(String kioskId) {
        return Optional.ofNullable(lastLogin.get(kioskId));
    }

    /** The current certificate revocation list, signed by this CA. */
    public X509CRL crl() {
        return crl;
    }

    /**
     * Signs a new CRL of every revoked, unexpired kiosk certificate and writes it to
     * {@code <dir>/crl.pem} (world-readable: a CRL is public) atomically. Called at start, on every
     * revocation and daily by the server, because OpenSSL (Mosquitto) refuses every client once a
     * CRL's nextUpdate has passed.
     */
    public synchronized void publishCrl() {
        Instant now = clock.instant();
        X509v2CRLBuilder builder = new X509v2CRLBuilder(issuerName(), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
        for (CertificateLedger.Revoked revoked : ledger.revokedUnexpired(now)) {
            builder.addCRLEntry(revoked.serial(), Date.from(revoked.revokedAt()), CRLReason.keyCompromise);
        }
        try {
            // The CRL number must grow with every issue; the clock's milliseconds do across restarts.
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(now.toEpochMilli())));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caCertificate));
            X509CRL signed = new JcaX509CRLConverter().getCRL(
                    builder.build(new JcaContentSignerBuilder(KioskKeys.SIGNATURE).build(caKey)));
            writeAtomically(dir.resolve("crl.pem"), Pem.encode(signed), "rw-r--r--");
            crl = signed;
        } catch (IOException | GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot publish the CRL in " + dir, e);
        }
    }

    /**
     * The broker's certificate login. The listener has checked the chain already; the signature
     * and dates are checked again here (a fraction of a millisecond) so that this decision never
     * rests on how a broker treats an untrusted certificate in OPTIONAL mode. Then: CN is the
     * client id, and the ledger knows the serial for that kiosk and has not revoked it.
     */
    @Override
    public Verdict check(X509Certificate certificate, String clientId) {
        try {
            certificate.verify(caCertificate.getPublicKey());
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            return Verdict.UNKNOWN_CERTIFICATE;
        }
        if (!certificate.getSubjectX500Principal().getName().equals("CN=" + clientId)) {
            return Verdict.OTHER_KIOSK;
        }
        return switch (ledger.status(certificate.getSerialNumber(), clientId)) {
            case VALID -> {
                lastLogin.put(clientId, certificate.getSerialNumber());
                yield Verdict.ACCEPTED;
            }
            case UNKNOWN -> Verdict.UNKNOWN_CERTIFICATE;
            case REVOKED -> Verdict.REVOKED;
            case OTHER_KIOSK -> Verdict.OTHER_KIOSK;
        };
    }

    /**
     * Signs a kiosk's certificate request. The request must carry a valid self-signature (the
     * kiosk holds the key); its subject is ignored and replaced by {@code CN=<kioskId>}, so a
     * request cannot ask for another kiosk's name.
     *
     * @throws IllegalArgumentException if the text is not a signed P-256 request
     */
    public X509Certificate issueKiosk(String kioskId, String requestPem) {
        PublicKey key = verifiedKey(Pem.certificationRequest(requestPem));
        Instant now = clock.instant();
        X509Certificate certificate = sign(KioskKeys.subject(kioskId), key, now, KIOSK_VALIDITY, caKey,
                issuerName(), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                });
        ledger.issued(certificate.getSerialNumber(), kioskId, certificate.getNotAfter().toInstant());
        log.info("issued certificate {} to kiosk {}, valid until {}", certificate.getSerialNumber().toString(16),
                kioskId, certificate.getNotAfter().toInstant());
        return certificate;
    }

    /**
     * The server's key and certificate for these host names (DNS names or IP addresses), reused
     * from {@code server.key}/{@code server.crt} while it names exactly these hosts and is not
     * near its end, else issued anew (the old one stays valid for clients until it expires).
     */
    public ServerIdentity serverIdentity(Collection<String> hosts) throws IOException {
        Set<String> wanted = new TreeSet<>(hosts);
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("the server certificate needs at least one host name");
        }
        Path keyFile = dir.resolve("server.key");
        Path certFile = dir.resolve("server.crt");
        if (Files.exists(keyFile) && Files.exists(certFile)) {
            ServerIdentity existing = new ServerIdentity(Pem.privateKey(Files.readString(keyFile)),
                    Pem.certificate(Files.readString(certFile)), caCertificate);
            if (existing.hosts().equals(wanted)
                    && existing.certificate().getNotAfter().toInstant().isAfter(clock.instant().plus(RENEW_BEFORE))
                    && issuedByUs(existing.certificate())) {
                return existing;
            }
            log.info("re-issuing the server certificate: hosts {} → {}", existing.hosts(), wanted);
        }
        KeyPair pair = KioskKeys.newKeyPair();
        List<GeneralName> names = new ArrayList<>();
        for (String host : wanted) {
            names.add(isIpAddress(host) ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host));
        }
        X509Certificate certificate = sign(new X500Name("CN=" + wanted.iterator().next()), pair.getPublic(),
                clock.instant(), SERVER_VALIDITY, caKey, issuerName(), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(new GeneralName[0])));
                });
        writeOwnerOnly(keyFile, Pem.encodePrivateKey(pair.getPrivate()));
        writeOwnerOnly(certFile, Pem.encode(certificate));
        return new ServerIdentity(pair.getPrivate(), certificate, caCertificate);
    }

    private boolean issuedByUs(X509Certificate certificate) {
        try {
            certificate.verify(caCertificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private X500Name issuerName() {
        return X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded());
    }

    static PublicKey verifiedKey(PKCS10CertificationRequest request) {
        try {
            // By name, not by OID: the JDK's EC provider is not registered under the key's OID.
            PublicKey key = new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
            if (!key.getAlgorithm().equals("EC")) {
                throw new IllegalArgumentException("the certificate request must be for an EC P-256 key, not "
                        + key.getAlgorithm());
            }
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new IllegalArgumentException("the certificate request's signature is wrong");
            }
            return key;
        } catch (org.bouncycastle.openssl.PEMException | org.bouncycastle.operator.OperatorCreationException
                 | org.bouncycastle.pkcs.PKCSException e) {
            throw new IllegalArgumentException("unusable certificate request: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException;
    }

    private X509Certificate sign(X500Name subject, PublicKey key, Instant now, Duration validity,
                                 PrivateKey signer, X500Name issuer, Extensions extensions) {
        try {
            // 127 random bits: unique without coordination, positive as RFC 5280 wants.
            BigInteger serial = new BigInteger(127, random).setBit(126);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, key);
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (caCertificate != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(caCertificate));
            }
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(KioskKeys.SIGNATURE).build(signer)));
        } catch (IOException | GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot sign a certificate for " + subject, e);
        }
    }

    private static boolean isIpAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    static void writeOwnerOnly(Path file, String text) throws IOException {
        writeAtomically(file, text, "rw-------");
    }

    private static void writeAtomically(Path file, String text, String permissions) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
        try {
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
