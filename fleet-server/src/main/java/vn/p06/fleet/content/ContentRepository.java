package vn.p06.fleet.content;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import vn.p06.fleet.store.Database;
import vn.p06.fleet.store.Sql;

/** Rows of content: blobs, uploads in progress, playlists and releases. */
final class ContentRepository {
    private static final String BLOB_COLUMNS =
            "sha256, size, media_type, name, duration_seconds, width, height, has_thumbnail, created_at";

    private final Database database;

    ContentRepository(Database database) {
        this.database = database;
    }

    /** Stored once per hash: a second upload of the same bytes keeps the first row. */
    void addBlob(BlobInfo blob) {
        Sql.update(database, "INSERT INTO content_blobs (" + BLOB_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", statement -> {
                    statement.setString(1, blob.sha256());
                    statement.setLong(2, blob.size());
                    statement.setString(3, blob.mediaType());
                    statement.setString(4, blob.name());
                    setNullable(statement, 5, blob.durationSeconds(), Types.DOUBLE);
                    setNullable(statement, 6, blob.width(), Types.INTEGER);
                    setNullable(statement, 7, blob.height(), Types.INTEGER);
                    statement.setBoolean(8, blob.hasThumbnail());
                    statement.setTimestamp(9, Timestamp.from(blob.createdAt()));
                });
    }

    Optional<BlobInfo> blob(String sha256) {
        return Sql.query(database, "SELECT " + BLOB_COLUMNS + " FROM content_blobs WHERE sha256 = ?",
                statement -> statement.setString(1, sha256), ContentRepository::blob).stream().findFirst();
    }

    List<BlobInfo> blobs() {
        return Sql.query(database, "SELECT " + BLOB_COLUMNS + " FROM content_blobs ORDER BY created_at, sha256",
                statement -> { }, ContentRepository::blob);
    }

    void addUpload(UploadInfo upload) {
        Sql.update(database, "INSERT INTO content_uploads (id, name, size, declared_sha256, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", statement -> {
                    statement.setObject(1, upload.id());
                    statement.setString(2, upload.name());
                    statement.setLong(3, upload.size());
                    statement.setString(4, upload.declaredSha256());
                    statement.setTimestamp(5, Timestamp.from(upload.createdAt()));
                });
    }

    Optional<UploadInfo> upload(UUID id) {
        return Sql.query(database, "SELECT id, name, size, declared_sha256, created_at FROM content_uploads WHERE id = ?",
                statement -> statement.setObject(1, id),
                rs -> new UploadInfo(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant())).stream().findFirst();
    }

    void removeUpload(UUID id) {
        Sql.update(database, "DELETE FROM content_uploads WHERE id = ?", statement -> statement.setObject(1, id));
    }

    void putPlaylist(String name, String json, Instant now) {
        Sql.inTransaction(database, connection -> {
            try (var delete = connection.prepareStatement("DELETE FROM content_playlists WHERE name = ?");
                 var insert = connection.prepareStatement(
                         "INSERT INTO content_playlists (name, body, updated_at) VALUES (?, ?, ?)")) {
                delete.setString(1, name);
                delete.executeUpdate();
                insert.setString(1, name);
                insert.setString(2, json);
                insert.setTimestamp(3, Timestamp.from(now));
                return insert.executeUpdate();
            }
        });
    }

    Optional<String> playlist(String name) {
        return Sql.query(database, "SELECT body FROM content_playlists WHERE name = ?",
                statement -> statement.setString(1, name), rs -> rs.getString(1)).stream().findFirst();
    }

    List<String> playlistNames() {
        return Sql.query(database, "SELECT name FROM content_playlists ORDER BY name", statement -> { },
                rs -> rs.getString(1));
    }

    /** @return false when a release of that name exists: releases are immutable */
    boolean addRelease(StoredRelease release) {
        return Sql.update(database, "INSERT INTO content_releases (name, manifest, manifest_sha256, signature, "
                + "created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", statement -> {
                    statement.setString(1, release.name());
                    statement.setBytes(2, release.manifest());
                    statement.setString(3, release.manifestSha256());
                    statement.setString(4, release.signature());
                    statement.setTimestamp(5, Timestamp.from(release.createdAt()));
                }) == 1;
    }

    Optional<StoredRelease> release(String name) {
        return Sql.query(database, "SELECT name, manifest, manifest_sha256, signature, created_at "
                        + "FROM content_releases WHERE name = ?", statement -> statement.setString(1, name),
                ContentRepository::release).stream().findFirst();
    }

    List<StoredRelease> releases() {
        return Sql.query(database, "SELECT name, manifest, manifest_sha256, signature, created_at "
                + "FROM content_releases ORDER BY seq", statement -> { }, ContentRepository::release);
    }

    private static StoredRelease release(ResultSet rs) throws SQLException {
        return new StoredRelease(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getString(4),
                rs.getTimestamp(5).toInstant());
    }

    private static BlobInfo blob(ResultSet rs) throws SQLException {
        return new BlobInfo(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, Double.class), rs.getObject(6, Integer.class), rs.getObject(7, Integer.class),
                rs.getBoolean(8), rs.getTimestamp(9).toInstant());
    }

    private static void setNullable(java.sql.PreparedStatement statement, int index, Object value, int type)
            throws SQLException {
        if (value == null) {
            statement.setNull(index, type);
        } else {
            statement.setObject(index, value);
        }
    }
}
