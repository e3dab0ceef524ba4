package vn.p06.kiosk.scan;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import vn.p06.protocol.Body;

/** A scanner that draws numbered pages, and fails like one (absent, jammed, cover open) until fixed. */
public final class SimulatedScanner implements Scanner {
    private final AtomicInteger pages = new AtomicInteger();
    private volatile ScanFault fault;

    @Override
    public void scan(Path target) throws ScanException {
        ScanFault f = fault;
        if (f != null) {
            throw new ScanException(f, "simulated scanner: " + f.stateName());
        }
        BufferedImage page = new BufferedImage(620, 877, BufferedImage.TYPE_BYTE_GRAY); // A4 at 75 dpi
        Graphics2D g = page.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, page.getWidth(), page.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 48));
        g.drawString("#" + pages.incrementAndGet(), 60, 120);
        for (int y = 180; y < 820; y += 30) {
            g.fillRect(60, y, 500, 8);
        }
        g.dispose();
        try {
            ImageIO.write(page, "png", target.toFile());
        } catch (IOException e) {
            throw new ScanException(ScanFault.FAILED, "could not write " + target, e);
        }
    }

    @Override
    public Body.Peripheral state() {
        ScanFault f = fault;
        return f == null ? new Body.Peripheral(true, "ready", "simulated")
                : new Body.Peripheral(f != ScanFault.ABSENT, f.stateName(), "simulated");
    }

    public void fail(ScanFault fault) {
        this.fault = fault;
    }

    public void fix() {
        fault = null;
    }
}
