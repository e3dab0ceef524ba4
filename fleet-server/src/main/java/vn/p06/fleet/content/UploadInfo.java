package vn.p06.fleet.content;

import java.time.Instant;
import java.util.UUID;

/** An upload in progress; its offset is the size of its partial file. */
record UploadInfo(UUID id, String name, long size, String declaredSha256, Instant createdAt) {
}
