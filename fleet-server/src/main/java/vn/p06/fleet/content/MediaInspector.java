package vn.p06.fleet.content;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.mp4.Mp4Directory;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an uploaded file is: media type by its bytes (metadata-extractor's magic numbers; JSON for
 * the service catalog), the duration of MP4/MOV videos, the size of images, and a JPEG thumbnail
 * of images (ImageIO). A file whose metadata cannot be read is still content: it gets
 * {@code application/octet-stream} or an unknown duration, never a refusal.
 */
final class MediaInspector {
    private static final Logger log = LoggerFactory.getLogger(MediaInspector.class);
    private static final int THUMBNAIL_WIDTH = 320;
    /** The service catalog is a small JSON file; larger unknown files are not parsed to find out. */
    private static final long MAX_JSON_PROBE = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    record Media(String mediaType, Double durationSeconds, Integer width, Integer height) {
        boolean isImage() {
            return mediaType.startsWith("image/");
        }
    }

    Media inspect(Path file) {
        FileType type;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            type = FileTypeDetector.detectFileType(in);
        } catch (IOException e) {
            log.warn("cannot sniff {}: {}", file.getFileName(), e.toString());
            return new Media("application/octet-stream", null, null, null);
        }
        if (type == FileType.Unknown) {
            return new Media(isJson(file) ? "application/json" : "application/octet-stream", null, null, null);
        }
        String mediaType = type.getMimeType() == null ? "application/octet-stream" : type.getMimeType();
        if (type == FileType.Mp4 || type == FileType.QuickTime) {
            return new Media(mediaType, duration(file).orElse(null), null, null);
        }
        if (mediaType.startsWith("image/")) {
            Optional<BufferedImage> image = readImage(file);
            return new Media(mediaType, null, image.map(BufferedImage::getWidth).orElse(null),
                    image.map(BufferedImage::getHeight).orElse(null));
        }
        return new Media(mediaType, null, null, null);
    }

    /** Writes a JPEG thumbnail of an image; false when ImageIO cannot decode it (e.g. WebP). */
    boolean thumbnail(Path image, Path target) {
        Optional<BufferedImage> source = readImage(image);
        if (source.isEmpty()) {
            return false;
        }
        BufferedImage in = source.get();
        int width = Math.min(THUMBNAIL_WIDTH, in.getWidth());
        int height = Math.max(1, (int) Math.round((double) in.getHeight() * width / in.getWidth()));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(in, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        try {
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            if (!ImageIO.write(out, "jpg", tmp.toFile())) {
                return false;
            }
            Files.move(tmp, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            log.warn("cannot write thumbnail {}: {}", target.getFileName(), e.toString());
            return false;
        }
    }

    private static Optional<Double> duration(Path file) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(file.toFile());
            Mp4Directory mp4 = metadata.getFirstDirectoryOfType(Mp4Directory.class);
            if (mp4 == null || !mp4.containsTag(Mp4Directory.TAG_DURATION) || !mp4.containsTag(Mp4Directory.TAG_TIME_SCALE)) {
                return Optional.empty();
            }
            long scale = mp4.getLong(Mp4Directory.TAG_TIME_SCALE);
            return scale <= 0 ? Optional.empty()
                    : Optional.of((double) mp4.getLong(Mp4Directory.TAG_DURATION) / scale);
        } catch (Exception e) {
            // metadata-extractor throws several kinds on damaged files; the video still stores
            log.info("no duration for {}: {}", file.getFileName(), e.toString());
            return Optional.empty();
        }
    }

    private static Optional<BufferedImage> readImage(Path file) {
        try {
            return Optional.ofNullable(ImageIO.read(file.toFile()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isJson(Path file) {
        try {
            if (Files.size(file) > MAX_JSON_PROBE) {
                return false;
            }
            JSON.readTree(file.toFile());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
