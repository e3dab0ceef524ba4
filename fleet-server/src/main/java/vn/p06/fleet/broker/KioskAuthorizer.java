package vn.p06.fleet.broker;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;

/**
 * Applies {@link TopicAcl} to every PUBLISH and SUBSCRIBE. HiveMQ answers a refused QoS 1 publish
 * with PUBACK 0x87 and then disconnects the client: a kiosk publishing under another kiosk's topic
 * is a bug or an attack, not flow control.
 */
final class KioskAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private final TopicAcl acl;
    private final BrokerRefusals refusals;

    KioskAuthorizer(TopicAcl acl, BrokerRefusals refusals) {
        this.acl = acl;
        this.refusals = refusals;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        String user = user(input.getConnectionInformation().getConnectionAttributeStore().getAsString(
                KioskAuthenticator.USER_ATTRIBUTE));
        if (acl.mayPublish(user, input.getPublishPacket().getTopic())) {
            output.authorizeSuccessfully();
        } else {
            refusals.refused("acl-publish", input.getClientInformation().getClientId());
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, "a kiosk publishes only under its own topics");
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        String user = user(input.getConnectionInformation().getConnectionAttributeStore().getAsString(
                KioskAuthenticator.USER_ATTRIBUTE));
        if (acl.maySubscribe(user, input.getSubscription().getTopicFilter())) {
            output.authorizeSuccessfully();
        } else {
            refusals.refused("acl-subscribe", input.getClientInformation().getClientId());
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "a kiosk subscribes only to its own cmd and desired");
        }
    }

    private static String user(java.util.Optional<String> attribute) {
        return attribute.orElse("");
    }
}
