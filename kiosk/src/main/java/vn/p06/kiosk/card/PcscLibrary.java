package vn.p06.kiosk.card;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Points {@code javax.smartcardio} at pcsc-lite. OpenJDK looks for {@code libpcsclite.so} (the
 * -dev name) unless told otherwise; Debian patches that, other builds do not, so the kiosk sets
 * the property itself (x86-64 CI, aarch64 Pi) before the first {@code TerminalFactory} use,
 * unless the operator already did.
 */
final class PcscLibrary {
    static final String PROPERTY = "sun.security.smartcardio.library";
    private static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/libpcsclite.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/libpcsclite.so.1"),
            Path.of("/usr/lib/arm-linux-gnueabihf/libpcsclite.so.1"),
            Path.of("/usr/lib64/libpcsclite.so.1"),
            Path.of("/usr/lib/libpcsclite.so.1"));

    private PcscLibrary() {
    }

    static synchronized void configure() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        for (Path p : CANDIDATES) {
            if (Files.exists(p)) {
                System.setProperty(PROPERTY, p.toString());
                return;
            }
        }
    }
}
