package vn.p06.kiosk;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import vn.p06.kiosk.config.ConfigSync;
import vn.p06.protocol.Body;

/**
 * The one reported state of a kiosk, built from its two parts: where content sync is with the
 * release, and which config overlay version runs (with a refusal or "restart needed" in
 * {@code detail}). The topic is retained, latest wins: each part alone would erase the other.
 */
final class ReportedStates {
    private final Consumer<Body.ReportedState> out;
    private Body.ReportedState content;
    private ConfigSync.Outcome config;

    ReportedStates(Consumer<Body.ReportedState> out, ConfigSync.Outcome config) {
        this.out = out;
        this.config = config;
    }

    /** Content sync's report; its {@code configVersion} is the desired one and is replaced. */
    synchronized void content(Body.ReportedState report) {
        content = report;
        publish();
    }

    synchronized void config(ConfigSync.Outcome outcome) {
        config = outcome;
        publish();
    }

    private void publish() {
        Body.ReportedState base = content != null ? content : new Body.ReportedState(null, null, 0, 0, null);
        String detail = Stream.of(Optional.ofNullable(base.detail()), config.detail())
                .flatMap(Optional::stream)
                .collect(Collectors.joining("; "));
        if (detail.length() > Body.MAX_TEXT) {
            detail = detail.substring(0, Body.MAX_TEXT - 1) + "…";
        }
        out.accept(new Body.ReportedState(base.activeRelease(), base.pendingRelease(), base.downloadPercent(),
                config.version(), detail.isEmpty() ? null : detail, base.phase()));
    }
}
