package vn.p06.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

    @Test
    void socketsForPahoHaveNagleOff() throws Exception {
        NoDelaySocketFactory factory = new NoDelaySocketFactory();
        try (Socket socket = factory.createSocket()) { // the overload Paho's TCPNetworkModule calls
            assertThat(socket.getTcpNoDelay()).isTrue();
            factory.abortCurrent();
            assertThat(socket.isClosed()).isTrue();
        }
    }
}
