package vn.p06.bench;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.KeyManagerFactoryWrapper;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Every simulated kiosk's client certificate, each behind its own TLS context as on a real kiosk:
 * one shared context would let kiosk B resume kiosk A's TLS session (clients cache sessions by host
 * and port), and the broker would then see A's certificate on B's connection. A context is made at
 * a kiosk's first connect after {@link #powerOn()}, so a storm starts with no session to resume
 * (kiosks that just booted), and later reconnects resume their own, as a running kiosk would.
 * <p>
 * The handshakes run on OpenSSL (BoringSSL through netty-tcnative) when it loads, else on the JDK:
 * the generator plays thousands of kiosks on the server's own machine, and a Java P-256 handshake
 * costs it ~12 ms of CPU that a real kiosk spends on its own Pi.
 */
final class KioskKeyring {
    private record Identity(PrivateKey key, X509Certificate certificate) {
    }

    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final Map<String, SslContext> contexts = new ConcurrentHashMap<>();
    private final X509Certificate fleetCa;
    private final SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

    KioskKeyring(X509Certificate fleetCa) {
        this.fleetCa = fleetCa;
    }

    void add(String kioskId, PrivateKey key, X509Certificate certificate) {
        identities.put(kioskId, new Identity(key, certificate));
    }

    /** Which TLS implementation the simulated kiosks use: OPENSSL or JDK. */
    SslProvider provider() {
        return provider;
    }

    /** Every kiosk starts again without TLS sessions to resume. */
    void powerOn() {
        contexts.clear();
    }

    /** A client engine for this kiosk that checks the server's certificate names the host, as the kiosk does. */
    SSLEngine newEngine(String kioskId, ByteBufAllocator allocator, String host, int port) {
        return contexts.computeIfAbsent(kioskId, this::newContext).newEngine(allocator, host, port);
    }

    private SslContext newContext(String kioskId) {
        Identity identity = identities.get(kioskId);
        try {
            return SslContextBuilder.forClient()
                    .sslProvider(provider)
                    // A key manager, not the key itself: given a key, Netty wraps it in a PKCS#12 store
                    // with PBKDF2, ~15 ms of CPU per kiosk, more than the handshake it is for.
                    .keyManager(new KeyManagerFactoryWrapper(new OneKey(kioskId, identity)))
                    .trustManager(fleetCa)
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        } catch (SSLException e) {
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
            return alias.equals(name) ? new X509Certificate[] {identity.certificate()} : null;
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
