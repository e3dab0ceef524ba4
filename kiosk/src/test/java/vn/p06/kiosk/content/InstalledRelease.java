package vn.p06.kiosk.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.p06.protocol.content.ManifestCodec;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * A release put straight into a real store on disk, the way a finished sync leaves it, for tests of
 * what plays it (the UI) without an HTTP server.
 */
public final class InstalledRelease {
    private InstalledRelease() {
    }

    /**
     * @param files    name → bytes; the media type comes from the name's extension
     * @param playlist the attract playlist (items by file name), or null for none
     */
    public static ActiveRelease install(Path dir, String release, Map<String, byte[]> files,
                                        ReleaseManifest.Playlist playlist, Map<String, String> tutorials)
            throws IOException {
        ContentStore store = ContentStore.open(dir);
        List<ReleaseManifest.Blob> blobs = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String sha = ManifestCodec.sha256Hex(file.getValue());
            String name = file.getKey();
            String type = name.endsWith(".png") ? "image/png" : name.endsWith(".json") ? "application/json" : "video/mp4";
            blobs.add(new ReleaseManifest.Blob(sha, file.getValue().length, type, name, null));
            Files.write(store.partialPath(sha), file.getValue());
            try {
                store.commit(blobs.get(blobs.size() - 1));
            } catch (ContentException e) {
                throw new IllegalStateException(e);
            }
        }
        ReleaseManifest manifest = new ReleaseManifest(ReleaseManifest.FORMAT, release, 0, null, blobs,
                playlist == null ? List.of() : List.of(playlist), tutorials);
        store.saveRelease(release, ManifestCodec.toJson(manifest), "unused-by-readers");
        try {
            store.activate(manifest);
        } catch (ContentException e) {
            throw new IllegalStateException(e);
        }
        return store.active().orElseThrow();
    }

    public static String sha(byte[] bytes) {
        return ManifestCodec.sha256Hex(bytes);
    }
}
