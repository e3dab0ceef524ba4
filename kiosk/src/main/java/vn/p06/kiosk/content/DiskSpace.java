package vn.p06.kiosk.content;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes the content disk can still take: the port that lets the kiosk refuse a download
 * before it fills the disk. {@link #of} is the real file store; tests use {@link Simulated}.
 */
@FunctionalInterface
public interface DiskSpace {

    long usableBytes() throws IOException;

    /** The file store holding {@code dir}, as the OS reports it for this (non-root-reserved) user. */
    static DiskSpace of(Path dir) {
        return () -> Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * A disk of {@code capacity} bytes that holds only the files under {@code dir}: its free space
     * shrinks as they grow, like a small SD card would.
     */
    record Simulated(Path dir, long capacity) implements DiskSpace {
        @Override
        public long usableBytes() throws IOException {
            try (var files = Files.walk(dir)) {
                long used = 0;
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    used += Files.size(p);
                }
                return Math.max(0, capacity - used);
            }
        }
    }
}
