package vn.p06.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The MQTT transport both sides use: plain TCP sockets with TCP_NODELAY. Without it Nagle on our side meets delayed ACK on the broker's
 * and QoS1 round trips stall (~12x less throughput against HiveMQ, see shared/recipes/mqtt-brokers.md).
 * Paho only calls {@link #createSocket()} and connects the socket itself. The last socket is kept so a
 * test can cut the connection the way a network failure would (no DISCONNECT packet).
 */
public final class NoDelaySocketFactory extends SocketFactory {
    private volatile Socket last;

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        last = socket;
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        socket.connect(address);
        return socket;
    }

    /** Closes the current socket abruptly; for tests of the will and of reconnection. */
    public void abortCurrent() throws IOException {
        Socket socket = last;
        if (socket != null) {
            socket.close();
        }
    }
}
