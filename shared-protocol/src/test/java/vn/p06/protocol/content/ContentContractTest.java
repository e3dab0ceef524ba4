package vn.p06.protocol.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.p06.protocol.Body;
import vn.p06.protocol.Codec;
import vn.p06.protocol.EnrollmentBundle;
import vn.p06.protocol.Envelope;

class ContentContractTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static ReleaseManifest manifest() {
        return new ReleaseManifest(1, "2026.11.23-1", 1_700_000_000_000L, B,
                List.of(new ReleaseManifest.Blob(A, 1234, "video/mp4", "khai-sinh.mp4", 92.5),
                        new ReleaseManifest.Blob(B, 99, "application/json", "catalog.json", null)),
                List.of(new ReleaseManifest.Playlist("attract", List.of(new ReleaseManifest.Item(A, null)),
                        List.of(new ReleaseManifest.Window(List.of(1, 2, 3, 4, 5), "07:30", "17:00")))),
                Map.of("khai-sinh", A));
    }

    @Test
    void manifestRoundTripsAndSerialisesTheSameBytesEveryTime() {
        byte[] json = ManifestCodec.toJson(manifest());
        assertThat(ManifestCodec.parse(json)).isEqualTo(manifest());
        assertThat(ManifestCodec.toJson(ManifestCodec.parse(json))).isEqualTo(json);
        assertThat(manifest().totalBytes()).isEqualTo(1333);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"blobs\":");
    }

    @Test
    void refusesReferencesToBlobsTheReleaseDoesNotList() {
        String c = "c".repeat(64);
        assertThatThrownBy(() -> new ReleaseManifest(1, "r1", 0, null, List.of(),
                List.of(new ReleaseManifest.Playlist("attract", List.of(new ReleaseManifest.Item(c, 5)), null)), null))
                .hasMessageContaining("playlist attract refers to " + c);
        assertThatThrownBy(() -> new ReleaseManifest(1, "r1", 0, c, List.of(), null, null))
                .hasMessageContaining("catalogSha256");
    }

    @Test
    void refusesUnknownFormatsBadJsonAndOversizedInputWithAReason() {
        String json = new String(ManifestCodec.toJson(manifest()), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ManifestCodec.parse(json.replace("\"format\":1", "\"format\":2").getBytes()))
                .hasMessageContaining("unknown manifest format 2");
        assertThatThrownBy(() -> ManifestCodec.parse("{".getBytes())).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ManifestCodec.parse(new byte[ManifestCodec.MAX_BYTES + 1]))
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> ManifestCodec.parse(json.replace(A, "A".repeat(64)).getBytes()))
                .hasMessageContaining("lower-case hex");
    }

    @Test
    void windowsMatchDaysAndTimes() {
        ReleaseManifest.Window office = new ReleaseManifest.Window(List.of(1, 2, 3, 4, 5), "07:30", "17:00");
        assertThat(office.contains(LocalDateTime.of(2026, 11, 23, 7, 30))).isTrue(); // Monday
        assertThat(office.contains(LocalDateTime.of(2026, 11, 23, 17, 0))).isFalse();
        assertThat(office.contains(LocalDateTime.of(2026, 11, 22, 9, 0))).isFalse(); // Sunday
        assertThatThrownBy(() -> new ReleaseManifest.Window(null, "17:00", "07:30")).hasMessageContaining("end after");
    }

    @Test
    void signaturesVerifyOnlyTheSignedBytesUnderTheSignersKey() {
        KeyPair server = ContentKey.generate();
        byte[] json = ManifestCodec.toJson(manifest());
        byte[] signature = ContentKey.sign(server.getPrivate(), json);
        var pinned = ContentKey.decodePublicKey(ContentKey.encodePublicKey(server.getPublic()));
        assertThat(ContentKey.verify(pinned, json, signature)).isTrue();
        byte[] tampered = json.clone();
        tampered[10] ^= 1;
        assertThat(ContentKey.verify(pinned, tampered, signature)).isFalse();
        assertThat(ContentKey.verify(ContentKey.generate().getPublic(), json, signature)).isFalse();
        assertThat(ContentKey.verify(pinned, json, new byte[3])).isFalse();
        assertThatThrownBy(() -> ContentKey.decodePublicKey("not a key")).hasMessageContaining("Ed25519");
    }

    @Test
    void serverKeyPairIsCreatedOwnerOnlyAndReloadedTheSame(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys/content.key");
        KeyPair created = ContentKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        KeyPair loaded = ContentKey.loadOrCreate(file);
        assertThat(loaded.getPublic().getEncoded()).isEqualTo(created.getPublic().getEncoded());
        byte[] data = {1, 2, 3};
        assertThat(ContentKey.verify(created.getPublic(), data, ContentKey.sign(loaded.getPrivate(), data))).isTrue();
        Files.writeString(file, "garbage\n");
        assertThatThrownBy(() -> ContentKey.loadOrCreate(file)).hasMessageContaining("expected 2 lines");
    }

    @Test
    void reportedStateCarriesThePhaseAndBundlesPinTheKey(@TempDir Path dir) throws Exception {
        Body.ReportedState state = new Body.ReportedState("r1", "r2", 40, 0, null, Body.ContentPhase.DOWNLOADING);
        Envelope envelope = Envelope.create("26734-001", 1L, 1L, state);
        byte[] wire = Codec.encode(envelope);
        assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"phase\":\"downloading\"");
        assertThat(Codec.decode(vn.p06.protocol.Topics.of("26734-001", vn.p06.protocol.Channel.REPORTED), wire).body())
                .isEqualTo(state);

        String key = ContentKey.encodePublicKey(ContentKey.generate().getPublic());
        EnrollmentBundle bundle = new EnrollmentBundle("26734-001", "26734", "tcp://127.0.0.1:1883", "26734-001",
                "pw", "http://127.0.0.1:8080", key);
        bundle.write(dir.resolve("b.json"));
        assertThat(EnrollmentBundle.read(dir.resolve("b.json"))).isEqualTo(bundle);
        assertThatThrownBy(() -> new EnrollmentBundle("26734-001", "26734", "tcp://127.0.0.1:1883", "26734-001",
                "pw", "http://127.0.0.1:8080", "xx")).hasMessageContaining("content public key");
    }

    @Test
    void pathsNameBlobsByHashOnly() {
        assertThat(ContentPaths.blob(A)).isEqualTo("/content/v1/blobs/" + A);
        assertThatThrownBy(() -> ContentPaths.blob("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ContentPaths.manifest("r1")).isEqualTo("/content/v1/releases/r1/manifest.json");
    }
}
