package vn.p06.fleet.broker;

import vn.p06.protocol.Channel;
import vn.p06.protocol.Topics;

/**
 * Who may publish and subscribe where. The one rule, for the embedded broker and (as a Mosquitto
 * ACL pattern) for an external one: a kiosk publishes only its own kiosk-to-server channels and
 * subscribes only to its own {@code cmd}, {@code desired} and {@code stored}; the fleet's service user
 * may do all.
 */
final class TopicAcl {

    private final String serviceUser;

    TopicAcl(String serviceUser) {
        this.serviceUser = serviceUser;
    }

    boolean mayPublish(String user, String topic) {
        if (serviceUser.equals(user)) {
            return true;
        }
        return Topics.parse(topic)
                .filter(ref -> ref.kioskId().equals(user))
                .filter(ref -> ref.channel().direction() == Channel.Direction.FROM_KIOSK)
                .isPresent();
    }

    boolean maySubscribe(String user, String filter) {
        if (serviceUser.equals(user)) {
            return true;
        }
        return Topics.isValidKioskId(user)
                && (filter.equals(Topics.of(user, Channel.COMMAND)) || filter.equals(Topics.of(user, Channel.DESIRED))
                        || filter.equals(Topics.of(user, Channel.STORED)));
    }
}
