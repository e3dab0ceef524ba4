package vn.p06.fleet.broker;

/** Where the broker reports what it refused, so that /metrics can count it by reason. */
public interface BrokerRefusals {

    /** @param reason a metric label such as {@code wrong-password} or {@code acl-publish} */
    void refused(String reason, String clientId);
}
