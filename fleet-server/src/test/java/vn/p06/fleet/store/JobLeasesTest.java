package vn.p06.fleet.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.testsupport.MutableClock;

/** Exactly one holder per job across instances, take-over after expiry, fencing (on H2 and PostgreSQL). */
class JobLeasesTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Database database;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T07:30:00Z"));

    @BeforeEach
    void open() {
        database = TestStores.open(dir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void oneInstanceHoldsAJobUntilItsLeaseExpiresThenAnotherTakesOverWithANewToken() {
        JobLeases a = new JobLeases(database, "instance-a", clock);
        JobLeases b = new JobLeases(database, "instance-b", clock);

        JobLeases.Lease first = a.acquire("alerts", TTL).orElseThrow();
        assertThat(b.acquire("alerts", TTL)).isEmpty();
        assertThat(b.acquire("rollouts", TTL)).isPresent(); // leases are per job

        clock.advance(Duration.ofSeconds(20));
        JobLeases.Lease renewed = a.acquire("alerts", TTL).orElseThrow();
        assertThat(renewed.token()).isEqualTo(first.token());
        clock.advance(Duration.ofSeconds(20)); // 40 s after the first, 20 s after the renewal
        assertThat(b.acquire("alerts", TTL)).isEmpty();

        clock.advance(Duration.ofSeconds(11)); // a died: its renewal expired
        JobLeases.Lease taken = b.acquire("alerts", TTL).orElseThrow();
        assertThat(taken.token()).isGreaterThan(first.token());
        assertThat(a.stillHeld(renewed)).isFalse();
        assertThat(b.stillHeld(taken)).isTrue();
        assertThat(a.acquire("alerts", TTL)).isEmpty();
    }

    @Test
    void aReleasedLeaseIsFreeAtOnce() {
        JobLeases a = new JobLeases(database, "instance-a", clock);
        JobLeases b = new JobLeases(database, "instance-b", clock);
        a.release(a.acquire("retention", TTL).orElseThrow());
        assertThat(b.acquire("retention", TTL)).isPresent();
    }

    @Test
    void instancesRacingForAFreeOrExpiredJobGetExactlyOneHolder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> attempts = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JobLeases instance = new JobLeases(database, "instance-" + i, clock);
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return instance.acquire("rollouts", TTL).isPresent();
                    }));
                }
                start.countDown();
                int holders = 0;
                for (Future<Boolean> attempt : attempts) {
                    holders += attempt.get() ? 1 : 0;
                }
                assertThat(holders).as("round %d", round).isEqualTo(1);
                clock.advance(TTL.plusSeconds(1)); // the holder dies: next round races for an expired lease
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
