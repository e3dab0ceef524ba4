package vn.p06.kiosk.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewalPolicyTest {
    private static final Instant START = Instant.parse("2026-11-23T00:00:00Z");
    private final CertificateRenewer.Policy policy = CertificateRenewer.Policy.defaults();

    @Test
    void aLongCertificateRenewsWithAThirdOfItsLifeLeftAShortOneWithThirtyDays() {
        // The fleet's 2-year certificate: 730 / 3 = 243⅓ days before its end.
        assertThat(policy.renewBefore(START, START.plus(Duration.ofDays(730))).toHours()).isEqualTo(243 * 24 + 8);
        // 60 days: a third would be 20 days; the 30-day floor wins.
        assertThat(policy.renewBefore(START, START.plus(Duration.ofDays(60)))).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new CertificateRenewer.Policy(1.5, Duration.ofDays(30), Duration.ofHours(1),
                Duration.ofMinutes(1), Duration.ofHours(6), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shareLeft");
        assertThatThrownBy(() -> new CertificateRenewer.Policy(0.3, Duration.ofDays(30), Duration.ofHours(1),
                Duration.ofHours(7), Duration.ofHours(6), Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryMax");
    }
}
