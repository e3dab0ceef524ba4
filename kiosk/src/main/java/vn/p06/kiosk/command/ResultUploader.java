package vn.p06.kiosk.command;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import vn.p06.protocol.EnrollmentBundle;

/**
 * Hands a command's result (screenshot, logs) to the fleet server over HTTP:
 * {@code POST /api/kiosks/{id}/commands/{commandId}/result}, authenticated with the kiosk's own MQTT
 * credentials as HTTP Basic. Results above {@link #MAX_BYTES} are refused here (the server's body limit).
 */
final class ResultUploader {
    static final int MAX_BYTES = 1024 * 1024;

    private final EnrollmentBundle bundle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ResultUploader(EnrollmentBundle bundle) {
        this.bundle = bundle;
    }

    void upload(String commandId, String contentType, byte[] result) throws IOException, InterruptedException {
        if (result.length > MAX_BYTES) {
            throw new IOException("result of " + result.length + " bytes is over the " + MAX_BYTES + " byte limit");
        }
        String credentials = Base64.getEncoder().encodeToString(
                (bundle.mqttUsername() + ":" + bundle.mqttPassword()).getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create(bundle.fleetUrl().replaceAll("/+$", "") + "/api/kiosks/" + bundle.kioskId()
                + "/commands/" + commandId + "/result");
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + credentials)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(result)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            String body = response.body();
            throw new IOException("upload refused: HTTP " + response.statusCode() + " "
                    + (body.length() > 120 ? body.substring(0, 120) : body));
        }
    }
}
