package vn.p06.bench;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Every simulated kiosk's client certificate, each behind its own {@link SSLContext} as on a real
 * kiosk: one shared context would let kiosk B resume kiosk A's TLS session (the JDK caches client
 * sessions by host and port), and the broker would then see A's certificate on B's connection. A
 * context is made at a kiosk's first connect after {@link #powerOn()}, so a storm starts with no
 * session to resume (kiosks that just booted), and later reconnects resume their own, as a running
 * kiosk's JVM would.
 */
final class KioskKeyring {
    private record Identity(PrivateKey key, X509Certificate[] chain) {
    }

    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();
    private final TrustManager[] trust;

    KioskKeyring(X509Certificate fleetCa) throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("fleet-ca", fleetCa);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(store);
        trust = trustManagers.getTrustManagers();
    }

    void add(String kioskId, PrivateKey key, X509Certificate certificate) {
        identities.put(kioskId, new Identity(key, new X509Certificate[] {certificate}));
    }

    /** Every kiosk starts again without TLS sessions to resume. */
    void powerOn() {
        contexts.clear();
    }

    /** A client engine for this kiosk that checks the server's certificate names the host, as the kiosk does. */
    SSLEngine newEngine(String kioskId, String host, int port) {
        SSLEngine engine = contexts.computeIfAbsent(kioskId, this::newContext).createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return engine;
    }

    private SSLContext newContext(String kioskId) {
        Identity identity = identities.get(kioskId);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new OneKey(kioskId, identity)}, trust, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS context for kiosk " + kioskId, e);
        }
    }

    /** The kiosk's one key and certificate. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private final String alias;
        private final Identity identity;

        OneKey(String alias, Identity identity) {
            this.alias = alias;
            this.identity = identity;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public X509Certificate[] getCertificateChain(String name) {
            return alias.equals(name) ? identity.chain() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String name) {
            return alias.equals(name) ? identity.key() : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }
}
