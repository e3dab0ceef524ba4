package vn.p06.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TopicsTest {

    @ParameterizedTest
    @EnumSource(Channel.class)
    void everyTopicParsesBackToItsKioskAndChannel(Channel channel) {
        String topic = Topics.of("26734-001", channel);

        assertThat(Topics.parse(topic)).contains(new Topics.TopicRef("26734-001", channel));
    }

    @Test
    void filtersAndTheSharedIngestSubscriptionAreBuiltHere() {
        assertThat(Topics.allKiosks(Channel.HEALTH)).isEqualTo("kiosk/v1/+/health");
        assertThat(Topics.sharedIngest(Channel.COMMAND_ACK)).isEqualTo("$share/ingest/kiosk/v1/+/cmd/ack");
        assertThat(Topics.kioskPrefix("26734-001")).isEqualTo("kiosk/v1/26734-001/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"kiosk/v1/26734-001", "kiosk/v1/26734-001/selfie", "kiosk/v1/+/health",
            "kiosk/v2/26734-001/health", "other/v1/26734-001/health", "kiosk/v1/A B/health", ""})
    void foreignTopicsDoNotParse(String topic) {
        assertThat(Topics.parse(topic)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "26734/001", "26734-+", "#", "UPPER-1", "-leading"})
    void kioskIdsThatWouldBreakTopicsAreRefused(String id) {
        assertThat(Topics.isValidKioskId(id)).isFalse();
        assertThatThrownBy(() -> Topics.of(id, Channel.STATUS)).hasMessageContaining("kiosk id");
    }
}
