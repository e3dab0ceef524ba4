package vn.p06.kiosk.content;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import vn.p06.protocol.Body;
import vn.p06.protocol.content.ContentKey;

/**
 * The kiosk's content sync alone in a JVM of its own, for {@link PowerCutTest} to SIGKILL. Prints
 * each report as {@code phase release percent} on stdout; with {@code hold} it stops dead when the
 * release is verified, before activation, and waits there to be killed.
 * <p>
 * A long stall timeout: the mid-download kill must find the link still hanging.
 * <p>
 * Arguments: content dir, fleet URL, Base64 public key, release, manifest SHA-256, hold (true/false).
 */
public final class PowerCutChild {
    private PowerCutChild() {
    }

    public static void main(String[] args) throws Exception {
        boolean hold = Boolean.parseBoolean(args[5]);
        CountDownLatch done = new CountDownLatch(1);
        ContentStore store = ContentStore.open(Path.of(args[0]));
        System.out.println("start " + store.active().map(ActiveRelease::name).orElse("none"));
        ContentSync sync = new ContentSync("26734-001", store,
                new ContentClient(HttpClient.newHttpClient(), args[1], Duration.ofSeconds(10), Duration.ofMinutes(5)),
                Optional.of(ContentKey.decodePublicKey(args[2])), DiskSpace.of(Path.of(args[0])), report -> {
                    System.out.println(report.phase().wireName() + " " + report.pendingRelease() + " "
                            + report.downloadPercent() + " " + report.activeRelease());
                    System.out.flush();
                    if (hold && report.phase() == Body.ContentPhase.VERIFIED) {
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    if (report.phase() == Body.ContentPhase.ACTIVE || report.phase() == Body.ContentPhase.FAILED) {
                        done.countDown();
                    }
                }, Clock.systemUTC(), ContentSyncTest.FAST);
        sync.desired(new Body.DesiredState(args[3], args[4], 1));
        done.await();
        sync.close();
    }
}
