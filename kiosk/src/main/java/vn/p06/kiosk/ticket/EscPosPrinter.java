package vn.p06.kiosk.ticket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import vn.p06.kiosk.print.PrintException;
import vn.p06.kiosk.print.PrinterFault;
import vn.p06.protocol.Body;

/**
 * A thermal printer on the network (raw TCP, port 9100). Before each ticket it asks the printer
 * for its status with the real-time command DLE EOT (ESC/POS): n=1 printer status (offline bit),
 * n=2 offline cause (cover open, paper end), n=4 roll paper sensor (paper end). A printer that
 * answers "paper end" gets no ticket: the resident is told at once instead of getting a blank.
 * The status is asked before any raster data is sent, so an image's bytes cannot be taken for a
 * real-time command.
 */
public final class EscPosPrinter implements TicketPrinter {
    private static final int DLE = 0x10;
    private static final int EOT = 0x04;

    private final InetSocketAddress address;
    private final Duration timeout;
    private final TicketRenderer renderer;

    public EscPosPrinter(InetSocketAddress address, Duration timeout, TicketRenderer renderer) {
        this.address = address;
        this.timeout = timeout;
        this.renderer = renderer;
    }

    @Override
    public void print(Ticket ticket) throws PrintException {
        byte[] bytes;
        try {
            bytes = renderer.escPos(ticket);
        } catch (IOException e) {
            throw new PrintException(PrinterFault.FAILED, "ticket layout failed: " + e.getMessage(), e);
        }
        try (Socket socket = connect()) {
            Optional<PrinterFault> fault = status(socket);
            if (fault.isPresent()) {
                throw new PrintException(fault.get(), "ticket printer at " + address + ": " + fault.get().stateName());
            }
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new PrintException(PrinterFault.OFFLINE, "ticket printer at " + address + " not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public Body.Peripheral state() {
        try (Socket socket = connect()) {
            return status(socket).map(f -> new Body.Peripheral(true, f.stateName(), address.toString()))
                    .orElseGet(() -> new Body.Peripheral(true, "ready", address.toString()));
        } catch (IOException e) {
            return new Body.Peripheral(false, PrinterFault.OFFLINE.stateName(), "no answer from " + address);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(address, (int) timeout.toMillis());
        socket.setSoTimeout((int) timeout.toMillis());
        return socket;
    }

    /** Asks the three status bytes; empty when the printer can print. */
    static Optional<PrinterFault> status(Socket socket) throws IOException {
        int printer = ask(socket, 1);
        int cause = ask(socket, 2);
        int paper = ask(socket, 4);
        return fault(printer, cause, paper);
    }

    /**
     * The bits, per the ESC/POS DLE EOT reference: paper sensor 0x60 = roll paper end; offline
     * cause 0x04 = cover open, 0x20 = stopped by paper end, 0x40 = error; printer status 0x08 = offline.
     */
    static Optional<PrinterFault> fault(int printer, int cause, int paper) {
        if ((paper & 0x60) != 0 || (cause & 0x20) != 0) {
            return Optional.of(PrinterFault.PAPER_OUT);
        }
        if ((cause & 0x04) != 0) {
            return Optional.of(PrinterFault.DOOR_OPEN);
        }
        if ((cause & 0x40) != 0) {
            return Optional.of(PrinterFault.JAMMED);
        }
        if ((printer & 0x08) != 0) {
            return Optional.of(PrinterFault.OFFLINE);
        }
        return Optional.empty();
    }

    private static int ask(Socket socket, int n) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[]{DLE, EOT, (byte) n});
        out.flush();
        InputStream in = socket.getInputStream();
        int b = in.read();
        if (b < 0) {
            throw new IOException("printer closed the connection instead of answering DLE EOT " + n);
        }
        // Every status byte has bit 1 set and bit 4 set, bit 0 and 7 clear: anything else is not a status.
        if ((b & 0x93) != 0x12) {
            throw new IOException("not an ESC/POS status byte for DLE EOT " + n + ": 0x" + Integer.toHexString(b));
        }
        return b;
    }
}
