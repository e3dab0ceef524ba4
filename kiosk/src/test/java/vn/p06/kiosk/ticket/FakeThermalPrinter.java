package vn.p06.kiosk.ticket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network thermal printer on a loopback port: answers the DLE EOT status requests from its
 * current state (paper out, cover open) like an Epson TM printer, and keeps every other byte of
 * each connection as one job.
 */
final class FakeThermalPrinter implements AutoCloseable {
    private final ServerSocket server;
    private final Thread acceptor;
    private final List<byte[]> jobs = new CopyOnWriteArrayList<>();
    private volatile boolean paperOut;
    private volatile boolean coverOpen;
    private volatile int statusRequests;

    FakeThermalPrinter() throws IOException {
        server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::serve, "fake-thermal-printer");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    void paperOut(boolean out) {
        paperOut = out;
    }

    void coverOpen(boolean open) {
        coverOpen = open;
    }

    /** The bytes of each connection that sent any, status requests taken out. */
    List<byte[]> jobs() {
        return List.copyOf(jobs);
    }

    int statusRequests() {
        return statusRequests;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                handle(s.getInputStream(), s.getOutputStream());
            } catch (IOException e) {
                // closed: the test is over, or the client went away
            }
        }
    }

    private void handle(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream job = new ByteArrayOutputStream();
        int[] window = new int[3];
        int b;
        while ((b = in.read()) >= 0) {
            job.write(b);
            window[0] = window[1];
            window[1] = window[2];
            window[2] = b;
            if (window[0] == 0x10 && window[1] == 0x04 && b >= 1 && b <= 4 && job.size() >= 3) {
                byte[] so = job.toByteArray();
                job.reset();
                job.write(so, 0, so.length - 3);
                window = new int[3];
                statusRequests++;
                out.write(status(b));
                out.flush();
            }
        }
        if (job.size() > 0) {
            jobs.add(job.toByteArray());
        }
    }

    private int status(int n) {
        int base = 0x12;
        switch (n) {
            case 1:
                return base | (paperOut || coverOpen ? 0x08 : 0);
            case 2:
                return base | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0);
            case 4:
                return base | (paperOut ? 0x60 : 0);
            default:
                return base;
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(5000);
    }
}
