package vn.p06.protocol.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
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

    /**
     * The context's socket factory with TCP_NODELAY on every socket, as {@code NoDelaySocketFactory}
     * does for tcp://: Nagle on our side and delayed ACK on the broker's stall QoS 1 round trips.
     * Paho's TLS module calls {@link SSLSocketFactory#createSocket()}, connects, then handshakes.
     */
    public static SSLSocketFactory noDelaySockets(SSLContext context) {
        return new NoDelay(context.getSocketFactory());
    }

    private static final class NoDelay extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        NoDelay(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(socket, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
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
