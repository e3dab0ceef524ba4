package vn.p06.fleet.alert;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;

/**
 * Sends an opened alert as a plain-text e-mail through the configured SMTP server (Jakarta Mail,
 * Angus implementation). STARTTLS is used when the server offers it; user name and password when set.
 * A refused connection, a timeout or a rejected recipient is a failed attempt that
 * {@link Notifications} retries.
 */
final class EmailChannel implements NotificationChannel {
    private static final int DEFAULT_PORT = 25;

    private final Duration timeout;

    EmailChannel(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "email";
    }

    @Override
    public boolean configured(NotificationSettings settings) {
        return settings.emailConfigured();
    }

    @Override
    public void send(Alert alert, NotificationSettings settings) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", settings.smtpHost());
        properties.put("mail.smtp.port", Integer.toString(settings.smtpPort() == null ? DEFAULT_PORT : settings.smtpPort()));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.auth", Boolean.toString(settings.smtpUsername() != null));
        String millis = Long.toString(timeout.toMillis());
        properties.put("mail.smtp.connectiontimeout", millis);
        properties.put("mail.smtp.timeout", millis);
        properties.put("mail.smtp.writetimeout", millis);
        Session session = Session.getInstance(properties);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.smtpFrom() == null ? "p06-fleet@localhost" : settings.smtpFrom()));
        message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(settings.emailTo()));
        message.setSubject("[" + alert.severity() + "] " + alert.rule() + " on kiosk " + alert.kioskId(),
                StandardCharsets.UTF_8.name());
        message.setText(String.join("\n",
                "Kiosk:    " + alert.kioskId() + " (commune " + alert.commune() + ")",
                "Rule:     " + alert.rule() + " (" + alert.severity() + ")",
                "Detail:   " + alert.detail(),
                "Opened:   " + alert.openedAt(),
                "Alert id: " + alert.id(),
                "",
                "Acknowledge it in the fleet dashboard so that colleagues know someone is on it."),
                StandardCharsets.UTF_8.name());
        if (settings.smtpUsername() != null) {
            Transport.send(message, settings.smtpUsername(), settings.smtpPassword());
        } else {
            Transport.send(message);
        }
    }
}
