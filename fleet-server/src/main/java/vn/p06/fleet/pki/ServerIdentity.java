package vn.p06.fleet.pki;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLException;

/** The server's TLS key and certificate (signed by the fleet CA), in the forms its listeners need. */
public record ServerIdentity(PrivateKey key, X509Certificate certificate, X509Certificate ca) {

    /** Java key stores for a broker that reads files (HiveMQ's TLS listener), with a fresh password each call. */
    public record KeyStoreFiles(Path keyStore, Path trustStore, String password) {
        @Override
        public String toString() {
            return "KeyStoreFiles[" + keyStore + ", " + trustStore + "]";
        }
    }

    /** The DNS names and IP addresses in the certificate. */
    public Set<String> hosts() {
        Set<String> hosts = new TreeSet<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                names.forEach(name -> hosts.add(String.valueOf(name.get(1))));
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("unreadable server certificate", e);
        }
        return hosts;
    }

    /**
     * For HTTPS: presents the server certificate; asks for a client certificate from the fleet CA
     * but does not require one (browsers and the provisioning CLI have none).
     */
    public SslContext nettyServerContext() throws SSLException {
        return SslContextBuilder.forServer(key, certificate, ca)
                .trustManager(ca)
                .clientAuth(ClientAuth.OPTIONAL)
                .build();
    }

    /** Writes {@code server.p12} (key + chain) and {@code trust.p12} (the CA only), owner-only. */
    public KeyStoreFiles writeKeyStores(Path dir) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().encodeToString(random);
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, password.toCharArray(), new X509Certificate[] {certificate, ca});
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("fleet-ca", ca);
            Files.createDirectories(dir);
            Path keyStore = store(keys, dir.resolve("server.p12"), password);
            Path trustStore = store(trust, dir.resolve("trust.p12"), password);
            return new KeyStoreFiles(keyStore, trustStore, password);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build key stores: " + e.getMessage(), e);
        }
    }

    private static Path store(KeyStore store, Path file, String password) throws IOException, GeneralSecurityException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + certificate.getSubjectX500Principal() + ", hosts=" + hosts() + "]";
    }
}
