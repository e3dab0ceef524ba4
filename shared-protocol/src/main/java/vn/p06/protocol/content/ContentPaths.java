package vn.p06.protocol.content;

/**
 * The fleet server's HTTP paths for content, relative to the enrollment bundle's {@code fleetUrl}.
 * Blobs are immutable (named by hash) and served with Range, ETag (the hash) and conditional GET.
 */
public final class ContentPaths {
    public static final String PREFIX = "/content/v1";

    private ContentPaths() {
    }

    public static String blob(String sha256) {
        ReleaseManifest.requireSha("sha256", sha256);
        return PREFIX + "/blobs/" + sha256;
    }

    /** The manifest's signed JSON bytes. */
    public static String manifest(String release) {
        return PREFIX + "/releases/" + release + "/manifest.json";
    }

    /** The Ed25519 signature of the manifest bytes, Base64 text. */
    public static String signature(String release) {
        return PREFIX + "/releases/" + release + "/manifest.sig";
    }
}
