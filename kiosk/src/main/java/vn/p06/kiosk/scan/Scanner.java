package vn.p06.kiosk.scan;

import java.nio.file.Path;
import vn.p06.protocol.Body;

/**
 * Port: the document scanner. {@link SaneScanner} drives a SANE device through {@code scanimage};
 * {@link SimulatedScanner} fails like one (absent, jammed, cover open).
 */
public interface Scanner {

    /** Scans one A4 page into {@code target} as PNG; on failure nothing is left at {@code target}. */
    void scan(Path target) throws ScanException;

    /** For health telemetry: ready, busy, absent. */
    Body.Peripheral state();
}
