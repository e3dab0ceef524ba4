package vn.p06.fleet.alert;

/** Port: one way of telling people about an alert (webhook, e-mail). */
interface NotificationChannel {

    /** {@code webhook}, {@code email}: shown on the alert next to the outcome. */
    String name();

    boolean configured(NotificationSettings settings);

    /** One attempt; throws with a reason IT staff can act on when it did not go through. */
    void send(Alert alert, NotificationSettings settings) throws Exception;
}
