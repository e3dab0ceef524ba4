package vn.p06.protocol.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

class TlsContextsTest {

    @Test
    void tlsSocketsForPahoAreUnconnectedSslSocketsWithNagleOff() throws Exception {
        // The overload Paho's TCP module calls before it connects and its TLS module handshakes.
        try (Socket socket = TlsContexts.noDelaySockets(SSLContext.getDefault()).createSocket()) {
            assertThat(socket).isInstanceOf(SSLSocket.class);
            assertThat(socket.isConnected()).isFalse();
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }

    @Test
    void aTrustAnchorThatIsNotACertificateIsRefusedWithTheReason() {
        assertThatThrownBy(() -> TlsContexts.trustOnly("not a certificate"))
                .isInstanceOf(IllegalArgumentException.class);
        String key = KioskKeys.newRequest("26734-001").privateKeyPem();
        assertThatThrownBy(() -> TlsContexts.trustOnly(key))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate");
    }
}
