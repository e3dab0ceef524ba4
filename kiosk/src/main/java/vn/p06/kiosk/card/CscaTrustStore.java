package vn.p06.kiosk.card;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The country signing CA certificates the kiosk trusts (the Vietnamese CSCA in production, a test
 * CSCA in tests). Deployed as configuration, not code: a directory of {@code .cer/.crt/.der/.pem}
 * files, or one such file; PEM files may hold several certificates.
 */
public final class CscaTrustStore {
    private final List<X509Certificate> anchors;

    private CscaTrustStore(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    public static CscaTrustStore of(List<X509Certificate> anchors) {
        return new CscaTrustStore(anchors);
    }

    public static CscaTrustStore empty() {
        return new CscaTrustStore(List.of());
    }

    /** Loads a file or every certificate file of a directory (not recursive). */
    public static CscaTrustStore load(Path fileOrDirectory) throws IOException {
        List<X509Certificate> certs = new ArrayList<>();
        if (Files.isDirectory(fileOrDirectory)) {
            try (Stream<Path> files = Files.list(fileOrDirectory)) {
                for (Path p : files.sorted().toList()) {
                    String name = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                    if (name.endsWith(".cer") || name.endsWith(".crt") || name.endsWith(".der")
                            || name.endsWith(".pem")) {
                        certs.addAll(read(p));
                    }
                }
            }
        } else {
            certs.addAll(read(fileOrDirectory));
        }
        return new CscaTrustStore(certs);
    }

    private static List<X509Certificate> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (CertificateException e) {
            throw new IOException("not a certificate file: " + file.getFileName(), e);
        }
    }

    public List<X509Certificate> anchors() {
        return anchors;
    }

    public int size() {
        return anchors.size();
    }
}
