package vn.p06.fleet.content;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttException;
import vn.p06.protocol.Body;
import vn.p06.protocol.Channel;
import vn.p06.protocol.Codec;
import vn.p06.protocol.Envelope;
import vn.p06.protocol.Topics;
import vn.p06.protocol.content.ContentKey;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;
import vn.p06.testsupport.RecordingMqttClient;

/**
 * A kiosk as far as content goes, the way the real updater behaves: a Paho client with the
 * kiosk's own credentials that takes its retained desired state, fetches manifest and signature
 * over HTTP, verifies them with the pinned key, downloads the blobs it lacks (each checked by
 * hash) and reports its phases on {@code reported}. Counts the blob bytes it moved.
 */
public final class SimKiosk implements AutoCloseable {
    private final String id;
    private final RecordingMqttClient mqtt;
    private final String fleetUrl;
    private final PublicKey contentKey;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, byte[]> blobs = new HashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong lastTimestamp = new AtomicLong();
    public final AtomicLong bytesDownloaded = new AtomicLong();
    private volatile String active;
    /** When set, the kiosk reports this failure instead of activating. */
    private volatile String failWith;

    public SimKiosk(String id, String secret, String mqttUrl, String fleetUrl, PublicKey contentKey) throws MqttException {
        this.id = id;
        this.fleetUrl = fleetUrl;
        this.contentKey = contentKey;
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setUserName(id);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        options.setCleanStart(true);
        this.mqtt = RecordingMqttClient.connect(mqttUrl, id, options).subscribe(Topics.of(id, Channel.DESIRED));
    }

    /** Every desired state the kiosk was told, oldest first (a cleared one is no instruction). */
    public List<Body.DesiredState> desired() {
        return mqtt.received(Topics.of(id, Channel.DESIRED)).stream().filter(m -> !m.cleared())
                .map(m -> (Body.DesiredState) m.envelope().body()).toList();
    }

    public void failNext(String reason) {
        failWith = reason;
    }

    public String active() {
        return active;
    }

    /** Acts on the newest desired state, as the updater does when it arrives. */
    public void sync() throws Exception {
        List<Body.DesiredState> desired = desired();
        Body.DesiredState want = desired.get(desired.size() - 1);
        if (want.release().equals(active)) {
            return;
        }
        report(want.release(), Body.ContentPhase.DOWNLOADING, 0, null);
        if (failWith != null) {
            report(want.release(), Body.ContentPhase.FAILED, 0, failWith);
            return;
        }
        byte[] manifestBytes = get(ContentPaths.manifest(want.release()));
        byte[] signature = Base64.getDecoder().decode(new String(get(ContentPaths.signature(want.release())),
                StandardCharsets.US_ASCII).strip());
        if (!ContentKey.verify(contentKey, manifestBytes, signature)
                || !ManifestCodec.sha256Hex(manifestBytes).equals(want.manifestSha256())) {
            report(want.release(), Body.ContentPhase.FAILED, 0, "manifest signature or hash wrong");
            return;
        }
        ReleaseManifest manifest = ManifestCodec.parse(manifestBytes);
        for (ReleaseManifest.Blob blob : manifest.blobs()) {
            if (!blobs.containsKey(blob.sha256())) {
                byte[] bytes = get(ContentPaths.blob(blob.sha256()));
                bytesDownloaded.addAndGet(bytes.length);
                if (!ManifestCodec.sha256Hex(bytes).equals(blob.sha256())) {
                    report(want.release(), Body.ContentPhase.FAILED, 0, "blob " + blob.sha256() + " hash mismatch");
                    return;
                }
                blobs.put(blob.sha256(), bytes);
            }
        }
        report(want.release(), Body.ContentPhase.VERIFIED, 100, null);
        active = want.release();
        report(null, Body.ContentPhase.ACTIVE, 100, null);
    }

    private void report(String pending, Body.ContentPhase phase, int percent, String detail) throws MqttException {
        // Reports are ordered by their timestamp: never two in the same millisecond.
        long ts = lastTimestamp.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
        Envelope envelope = Envelope.create(id, ts, sequence.incrementAndGet(),
                new Body.ReportedState(active, pending, percent, 0, detail, phase));
        mqtt.publish(envelope.topic(), Codec.encode(envelope), true);
    }

    private byte[] get(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(java.net.URI.create(fleetUrl + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    @Override
    public void close() throws MqttException {
        mqtt.close();
    }
}
