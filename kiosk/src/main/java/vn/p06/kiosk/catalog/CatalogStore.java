package vn.p06.kiosk.catalog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The catalog in use. A new file replaces it only when it validates; otherwise the previous
 * catalog stays and the reason is kept (for the health report) and logged.
 */
public final class CatalogStore {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogStore.class);
    /** The catalog shipped inside the application, used until the fleet pushes a newer one. */
    public static final String BUNDLED = "/catalog/services.json";

    /** What happened to one load attempt. */
    public record Outcome(boolean accepted, String source, String reason) {
    }

    private volatile Catalog current;
    private volatile String lastError;
    private final List<Consumer<Catalog>> listeners = new CopyOnWriteArrayList<>();

    public CatalogStore(Catalog initial) {
        this.current = Objects.requireNonNull(initial);
    }

    /** A store holding the catalog bundled in the jar; a broken bundled file is a build error. */
    public static CatalogStore bundled() {
        try (InputStream in = CatalogStore.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED + " is missing from the class path");
            }
            return new CatalogStore(CatalogLoader.parse(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (CatalogException e) {
            throw new IllegalStateException("bundled catalog is invalid: " + e.getMessage(), e);
        }
    }

    public Catalog current() {
        return current;
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Called (on the loading thread) with each newly accepted catalog. */
    public void onChange(Consumer<Catalog> listener) {
        listeners.add(listener);
    }

    public Outcome load(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return reject(file.toString(), "cannot read the file: " + e);
        }
        try {
            Catalog next = CatalogLoader.parse(bytes);
            current = next;
            lastError = null;
            LOG.info("catalog {} accepted from {} ({} services)", next.version(), file, next.services().size());
            listeners.forEach(l -> l.accept(next));
            return new Outcome(true, file.toString(), "");
        } catch (CatalogException e) {
            return reject(file.toString(), e.getMessage());
        }
    }

    private Outcome reject(String source, String reason) {
        lastError = source + ": " + reason;
        LOG.warn("catalog from {} rejected, keeping version {}: {}", source, current.version(), reason);
        return new Outcome(false, source, reason);
    }
}
