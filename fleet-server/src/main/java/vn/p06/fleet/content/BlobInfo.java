package vn.p06.fleet.content;

import java.time.Instant;

/**
 * A stored blob as the API shows it.
 *
 * @param durationSeconds for videos whose length could be read, else null
 * @param width           for images, else null
 */
public record BlobInfo(String sha256, long size, String mediaType, String name, Double durationSeconds,
                       Integer width, Integer height, boolean hasThumbnail, Instant createdAt) {
}
