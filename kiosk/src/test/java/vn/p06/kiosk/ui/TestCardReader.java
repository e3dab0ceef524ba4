package vn.p06.kiosk.ui;

import vn.p06.kiosk.card.AccessKey;
import vn.p06.kiosk.card.CardEvent;
import vn.p06.kiosk.card.CardReader;
import vn.p06.kiosk.card.ReadProgress;
import vn.p06.kiosk.card.ReadRequest;
import vn.p06.kiosk.card.ReadResult;
import vn.p06.kiosk.card.ReadStep;
import vn.p06.kiosk.card.SimulatedCardReader;
import vn.p06.kiosk.telemetry.UsageRecorder;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The demo {@link SimulatedCardReader} as the UI tests need it: counts reads (a key with a wrong
 * check digit must never reach the chip) and, when asked, holds a read inside the face image until
 * the test lets it go, so the progress screen can be looked at mid-read without sleeping.
 */
final class TestCardReader implements CardReader {
    /** The demo card's key as typed on the keypad: each field with its check digit, dates DDMMYY. */
    static final String DOCUMENT = "185012345" + check("185012345");
    static final String BIRTH = "150185" + check("850115");
    static final String EXPIRY = "150145" + check("450115");
    static final String NAME = "Phạm Thị Thử Nghiệm";
    static final String ID = "001185012345";

    final SimulatedCardReader sim;
    final AtomicInteger reads = new AtomicInteger();
    private volatile CountDownLatch inFace;
    private volatile CountDownLatch release;

    TestCardReader(UsageRecorder usage) {
        this.sim = SimulatedCardReader.demo(usage);
    }

    /** The next read stops in the face image; {@link #awaitFace()} then {@link #release()}. */
    void pauseInFace() {
        inFace = new CountDownLatch(1);
        release = new CountDownLatch(1);
    }

    void awaitFace() throws InterruptedException {
        if (!inFace.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the read never reached the face image");
        }
    }

    void release() {
        release.countDown();
    }

    @Override
    public void onCardEvent(Consumer<CardEvent> listener) {
        sim.onCardEvent(listener);
    }

    @Override
    public boolean isCardPresent() {
        return sim.isCardPresent();
    }

    @Override
    public ReadResult read(AccessKey key, ReadRequest request, ReadProgress progress) {
        reads.incrementAndGet();
        CountDownLatch reached = inFace;
        CountDownLatch go = release;
        return sim.read(key, request, (step, done, total) -> {
            progress.onProgress(step, done, total);
            if (reached != null && step == ReadStep.DG2 && done > 0 && reached.getCount() > 0) {
                reached.countDown();
                try {
                    go.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    @Override
    public void close() {
        sim.close();
    }

    /** ICAO 9303 check digit (weights 7-3-1), computed here independently of the card package. */
    static char check(String s) {
        int[] w = {7, 3, 1};
        int sum = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sum += (Character.isDigit(c) ? c - '0' : c == '<' ? 0 : c - 'A' + 10) * w[i % 3];
        }
        return (char) ('0' + sum % 10);
    }
}
