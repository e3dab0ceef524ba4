package vn.p06.fleet.content;

import java.time.Instant;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * A release as stored: the exact manifest bytes that were signed, their hash and the Base64
 * Ed25519 signature. The bytes are never re-serialised.
 */
public record StoredRelease(String name, byte[] manifest, String manifestSha256, String signature, Instant createdAt) {

    public ReleaseManifest parsed() {
        return ManifestCodec.parse(manifest);
    }
}
