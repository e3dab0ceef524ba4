package vn.p06.kiosk.ui;

import javafx.application.Application;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;

/**
 * Benchmark: time from JVM start to the first laid-out frame of the attract loop, then exit.
 * Same options as {@link KioskApp}; the figure is logged as {@code cold start to attract: N ms}.
 */
public final class ColdStart {
    private static final Logger LOG = LoggerFactory.getLogger(ColdStart.class);

    private ColdStart() {
    }

    public static void main(String[] args) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        KioskApp.onFirstFrame = () -> {
            long ms = System.currentTimeMillis() - jvmStart;
            LOG.info("cold start to attract: {} ms (JVM start to first frame; goal 3000 ms)", ms);
            Platform.exit();
        };
        Application.launch(KioskApp.class, args);
    }
}
