package vn.p06.fleet.alert;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where alert notifications go. Null fields are not configured: no webhook URL, no webhook; no SMTP
 * host or no recipients, no e-mail.
 *
 * @param emailTo comma-separated addresses
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record NotificationSettings(String webhookUrl, String smtpHost, Integer smtpPort, String smtpFrom,
                            String smtpUsername, String smtpPassword, String emailTo) {

    boolean emailConfigured() {
        return smtpHost != null && emailTo != null;
    }

    /** What GET returns: everything but the password, which is write-only. */
    java.util.Map<String, Object> visible() {
        java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
        map.put("webhookUrl", webhookUrl);
        map.put("smtpHost", smtpHost);
        map.put("smtpPort", smtpPort);
        map.put("smtpFrom", smtpFrom);
        map.put("smtpUsername", smtpUsername);
        map.put("smtpPasswordSet", smtpPassword != null);
        map.put("emailTo", emailTo);
        return map;
    }

    @Override
    public String toString() {
        return "NotificationSettings[webhook=" + (webhookUrl != null) + ", smtp=" + smtpHost + "]";
    }
}
