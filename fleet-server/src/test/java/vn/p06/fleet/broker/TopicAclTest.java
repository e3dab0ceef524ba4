package vn.p06.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicAclTest {
    private final TopicAcl acl = new TopicAcl("_fleet-service");

    @ParameterizedTest
    @CsvSource({
            "kiosk/v1/26734-001/status, true",
            "kiosk/v1/26734-001/health, true",
            "kiosk/v1/26734-001/events, true",
            "kiosk/v1/26734-001/cmd/ack, true",
            "kiosk/v1/26734-001/reported, true",
            "kiosk/v1/26734-001/cmd, false",
            "kiosk/v1/26734-001/desired, false",
            "kiosk/v1/26734-001/stored, false",
            "kiosk/v1/26734-002/health, false",
            "kiosk/v1/26734-001/anything, false",
            "kiosk/v1/26734-001, false",
            "$SYS/broker, false",
            "other/topic, false"})
    void aKioskPublishesOnlyItsOwnUpstreamChannels(String topic, boolean allowed) {
        assertThat(acl.mayPublish("26734-001", topic)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "kiosk/v1/26734-001/cmd, true",
            "kiosk/v1/26734-001/desired, true",
            "kiosk/v1/26734-001/stored, true",
            "kiosk/v1/26734-002/stored, false",
            "kiosk/v1/26734-001/#, false",
            "kiosk/v1/+/cmd, false",
            "kiosk/v1/26734-002/cmd, false",
            "kiosk/v1/26734-001/health, false",
            "#, false"})
    void aKioskSubscribesOnlyToItsOwnDownstreamChannels(String filter, boolean allowed) {
        assertThat(acl.maySubscribe("26734-001", filter)).isEqualTo(allowed);
    }

    @Test
    void theServiceUserMayDoEverythingAndAnAnonymousNothing() {
        assertThat(acl.mayPublish("_fleet-service", "kiosk/v1/26734-001/cmd")).isTrue();
        assertThat(acl.maySubscribe("_fleet-service", "$share/ingest/kiosk/v1/+/health")).isTrue();
        assertThat(acl.mayPublish("", "kiosk/v1/26734-001/health")).isFalse();
        assertThat(acl.maySubscribe("", "kiosk/v1/26734-001/cmd")).isFalse();
    }
}
