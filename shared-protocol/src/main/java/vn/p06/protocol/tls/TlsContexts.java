package vn.p06.protocol.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client contexts whose only trust anchor is the fleet's CA: a kiosk trusts no public CA, so a
 * certificate bought for the fleet's host name by someone else does not fool it.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** Presents {@code certificatePem} (with its key) and trusts only {@code caPem}. */
    public static SSLContext client(String privateKeyPem, String certificatePem, String caPem) {
        try {
            PrivateKey key = Pem.privateKey(privateKeyPem);
            List<X509Certificate> chain = Pem.certificates(certificatePem);
            char[] password = new char[0];
            KeyStore keys = emptyStore();
            keys.setKeyEntry("kiosk", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers(caPem).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable TLS credentials: " + e.getMessage(), e);
        }
    }

    /** Presents nothing (HTTPS with a password, health checks) and trusts only {@code caPem}. */
    public static SSLContext trustOnly(String caPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caPem).getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable CA certificate: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(String caPem) throws GeneralSecurityException {
        KeyStore trust = emptyStore();
        trust.setCertificateEntry("fleet-ca", Pem.certificate(caPem));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return factory;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return store;
    }
}
