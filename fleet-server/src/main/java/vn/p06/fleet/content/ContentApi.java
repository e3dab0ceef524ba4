package vn.p06.fleet.content;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import vn.p06.fleet.http.HttpError;
import vn.p06.fleet.http.Permission;
import vn.p06.fleet.http.Request;
import vn.p06.fleet.http.Response;
import vn.p06.fleet.http.Router;
import vn.p06.protocol.content.ContentPaths;
import vn.p06.protocol.content.ReleaseManifest;

/**
 * The content REST API (docs/CONTENT.md): uploads (the bytes go through {@link UploadHandler}),
 * blobs, playlists, releases; and, public because they are signed, the manifests kiosks fetch.
 */
final class ContentApi {
    private final Uploads uploads;
    private final ContentRepository repository;
    private final BlobStore store;
    private final Releases releases;

    ContentApi(Uploads uploads, ContentRepository repository, BlobStore store, Releases releases) {
        this.uploads = uploads;
        this.repository = repository;
        this.store = store;
        this.releases = releases;
    }

    void register(Router router) {
        router.post("/api/content/uploads", Permission.CONTENT_WRITE, this::createUpload)
              .get("/api/content/uploads/{id}", Permission.CONTENT_WRITE, this::upload)
              .add(HttpMethod.HEAD, "/api/content/uploads/{id}", Permission.CONTENT_WRITE, this::upload)
              .delete("/api/content/uploads/{id}", Permission.CONTENT_WRITE, this::abandonUpload)
              .get("/api/content/blobs", Permission.CONTENT_READ, request -> Response.ok(repository.blobs()))
              .get("/api/content/blobs/{sha256}", Permission.CONTENT_READ, request -> Response.ok(blob(request)))
              .get("/api/content/blobs/{sha256}/thumbnail", Permission.CONTENT_READ, this::thumbnail)
              .get("/api/content/playlists", Permission.CONTENT_READ,
                      request -> Response.ok(repository.playlistNames()))
              .get("/api/content/playlists/{name}", Permission.CONTENT_READ, this::playlist)
              .put("/api/content/playlists/{name}", Permission.CONTENT_WRITE, this::savePlaylist)
              .get("/api/content/releases", Permission.CONTENT_READ, this::listReleases)
              .post("/api/content/releases", Permission.CONTENT_WRITE, this::publish)
              .get("/api/content/releases/{release}", Permission.CONTENT_READ,
                      request -> Response.ok(release(request).parsed()))
              .get("/api/content/releases/{release}/diff", Permission.CONTENT_READ, this::diff)
              .get(ContentPaths.PREFIX + "/releases/{release}/manifest.json", this::manifest)
              .get(ContentPaths.PREFIX + "/releases/{release}/manifest.sig", this::signature);
    }

    record NewUpload(String name, long size, String sha256) {
    }

    /**
     * @param blob set once the upload is complete (or when the declared hash was already stored:
     *             then no byte needs to move and {@code id} is null)
     */
    record UploadStatus(String id, String name, long size, long offset, int percent, BlobInfo blob) {
    }

    private Response createUpload(Request request) throws IOException {
        NewUpload body = Response.readJson(request.body(), NewUpload.class);
        if (body.sha256() != null) {
            var known = repository.blob(body.sha256());
            if (known.isPresent()) {
                return Response.ok(new UploadStatus(null, body.name(), body.size(), body.size(), 100, known.get()));
            }
        }
        UploadInfo upload = uploads.create(body.name(), body.size(), body.sha256());
        String location = "/api/content/uploads/" + upload.id();
        return Response.json(HttpResponseStatus.CREATED, status(upload, 0))
                .withHeader("Location", location)
                .withHeader(UploadHandler.OFFSET, "0");
    }

    private Response upload(Request request) throws IOException {
        UploadInfo upload = uploads.find(request.pathParameter("id"));
        long offset = uploads.offset(upload);
        return Response.ok(status(upload, offset))
                .withHeader(UploadHandler.OFFSET, Long.toString(offset))
                .withHeader("Upload-Length", Long.toString(upload.size()));
    }

    private Response abandonUpload(Request request) throws IOException {
        uploads.abandon(uploads.find(request.pathParameter("id")));
        return new Response(HttpResponseStatus.NO_CONTENT, "text/plain", new byte[0]);
    }

    private static UploadStatus status(UploadInfo upload, long offset) {
        return new UploadStatus(upload.id().toString(), upload.name(), upload.size(), offset,
                (int) (offset * 100 / upload.size()), null);
    }

    private BlobInfo blob(Request request) {
        String sha256 = request.pathParameter("sha256");
        if (!ReleaseManifest.isSha256(sha256)) {
            throw new HttpError(HttpResponseStatus.BAD_REQUEST, "a blob is named by its SHA-256: 64 lower-case hex digits");
        }
        return repository.blob(sha256).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no blob " + sha256));
    }

    private Response thumbnail(Request request) throws IOException {
        BlobInfo blob = blob(request);
        if (!blob.hasThumbnail()) {
            throw new HttpError(HttpResponseStatus.NOT_FOUND, "blob " + blob.sha256() + " has no thumbnail");
        }
        return Response.text("image/jpeg", Files.readAllBytes(store.thumbnail(blob.sha256())));
    }

    private Response playlist(Request request) {
        String name = request.pathParameter("name");
        return Response.ok(releases.playlist(name)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no playlist " + name)));
    }

    /** The body is the playlist without its name (the path names it). */
    record PlaylistBody(List<ReleaseManifest.Item> items, List<ReleaseManifest.Window> schedule) {
    }

    private Response savePlaylist(Request request) {
        PlaylistBody body = Response.readJson(request.body(), PlaylistBody.class);
        return Response.ok(releases.savePlaylist(
                new ReleaseManifest.Playlist(request.pathParameter("name"), body.items(), body.schedule())));
    }

    record ReleaseSummary(String release, String manifestSha256, String createdAt, int blobs, long totalBytes) {
    }

    private Response listReleases(Request request) {
        return Response.ok(releases.list().stream().map(ContentApi::summary).toList());
    }

    private Response publish(Request request) {
        StoredRelease release = releases.publish(Response.readJson(request.body(), Releases.Draft.class));
        return Response.json(HttpResponseStatus.CREATED, summary(release))
                .withHeader("Location", ContentPaths.manifest(release.name()));
    }

    private static ReleaseSummary summary(StoredRelease release) {
        ReleaseManifest manifest = release.parsed();
        return new ReleaseSummary(release.name(), release.manifestSha256(), release.createdAt().toString(),
                manifest.blobs().size(), manifest.totalBytes());
    }

    private Response diff(Request request) {
        String from = request.queryParameter("from")
                .orElseThrow(() -> new HttpError(HttpResponseStatus.BAD_REQUEST, "?from=<release> is required"));
        StoredRelease old = releases.find(from)
                .orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no release " + from));
        return Response.ok(releases.diff(old, release(request)));
    }

    private Response manifest(Request request) {
        StoredRelease release = release(request);
        return conditional(request, release, Response.text("application/json", release.manifest()));
    }

    private Response signature(Request request) {
        StoredRelease release = release(request);
        return conditional(request, release,
                Response.text("text/plain; charset=us-ascii", release.signature().getBytes(StandardCharsets.US_ASCII)));
    }

    /** Manifests never change: the manifest's hash is the ETag of both files, and a match is a 304. */
    private static Response conditional(Request request, StoredRelease release, Response response) {
        String etag = "\"" + release.manifestSha256() + "\"";
        if (request.header("If-None-Match").map(value -> value.contains(etag)).orElse(false)) {
            return new Response(HttpResponseStatus.NOT_MODIFIED, "application/json", new byte[0], Map.of("ETag", etag));
        }
        return response.withHeader("ETag", etag);
    }

    private StoredRelease release(Request request) {
        String name = request.pathParameter("release");
        return releases.find(name).orElseThrow(() -> new HttpError(HttpResponseStatus.NOT_FOUND, "no release " + name));
    }
}
