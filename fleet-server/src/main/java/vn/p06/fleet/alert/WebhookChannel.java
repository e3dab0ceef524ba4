package vn.p06.fleet.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts {@code {"event":"alert","alert":{…}}} as JSON to the configured URL (the JDK's HTTP client:
 * connect and response timeouts, no extra library). Any 2xx is delivered; anything else, a timeout
 * or a refused connection is a failed attempt that {@link Notifications} retries.
 */
final class WebhookChannel implements NotificationChannel {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpClient http;
    private final Duration timeout;

    WebhookChannel(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean configured(NotificationSettings settings) {
        return settings.webhookUrl() != null;
    }

    @Override
    public void send(Alert alert, NotificationSettings settings) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("event", "alert", "alert", alert));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.webhookUrl()))
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "p06-fleet-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
        } catch (java.net.ConnectException e) {
            throw new IOException("connection refused by " + request.uri().getHost(), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered HTTP " + response.statusCode());
        }
    }
}
