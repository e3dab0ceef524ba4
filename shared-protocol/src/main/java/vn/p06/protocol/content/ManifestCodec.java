package vn.p06.protocol.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one way a manifest becomes bytes and back. The server signs exactly the bytes
 * {@link #toJson} gives (sorted keys, no whitespace) and the kiosk verifies the bytes it
 * downloaded before it parses them, so the two never need to agree on re-serialisation.
 */
public final class ManifestCodec {
    /** A manifest of 10,000 blobs is ~2 MiB; anything larger is refused before parsing. */
    public static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private ManifestCodec() {
    }

    public static byte[] toJson(ReleaseManifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("manifest does not serialise", e);
        }
    }

    /** @throws IllegalArgumentException with the reason: too large, not JSON, or which field is invalid */
    public static ReleaseManifest parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new IllegalArgumentException("manifest of " + json.length + " bytes exceeds " + MAX_BYTES);
        }
        try {
            ReleaseManifest manifest = MAPPER.readValue(json, ReleaseManifest.class);
            if (manifest == null) {
                throw new IllegalArgumentException("manifest is empty");
            }
            return manifest;
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException("invalid manifest: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest is not valid JSON: " + e.getMessage(), e);
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
