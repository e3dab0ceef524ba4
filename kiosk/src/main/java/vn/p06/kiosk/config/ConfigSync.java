package vn.p06.kiosk.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.p06.protocol.config.ConfigException;
import vn.p06.protocol.config.RemoteConfig;

/**
 * The fleet's config overlay on this kiosk: checked with the rules the server uses and then as part
 * of the whole settings, kept in {@code <data-dir>/config-overlay.json} (written atomically, so a
 * power cut leaves the old or the new overlay) so that it survives a restart, and handed to the
 * parts that apply it while the kiosk runs. A refused overlay changes nothing: the old settings stay.
 */
public final class ConfigSync {
    private static final Logger log = LoggerFactory.getLogger(ConfigSync.class);
    static final String FILE = "config-overlay.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final ConfigFile file;
    private final Path stored;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private Applied applied;
    private Outcome last;

    /** The overlay as kept on disk. */
    record Applied(long version, Map<String, String> values, KioskConfig config) {
    }

    /**
     * A change to apply while running.
     *
     * @param changed the keys whose value changed
     */
    public record Change(KioskConfig config, Set<String> changed) {
    }

    /** What became of a desired overlay, for the reported state. */
    public sealed interface Outcome {
        /** The version the kiosk runs with (the old one after a refusal). */
        long version();

        /** @param restartNeeded keys that take effect at the app's next start */
        record Applied(long version, Set<String> restartNeeded) implements Outcome {
        }

        /** @param refusedVersion the version refused; {@code problems}: one line per bad key */
        record Refused(long version, long refusedVersion, List<String> problems) implements Outcome {
        }

        /** For the report's {@code detail}; empty when there is nothing to say. */
        default Optional<String> detail() {
            if (this instanceof Refused refused) {
                return Optional.of("config " + refused.refusedVersion() + " refused: " + String.join("; ", refused.problems()));
            }
            Applied ok = (Applied) this;
            return ok.restartNeeded().isEmpty() ? Optional.empty()
                    : Optional.of("config " + ok.version() + ": restart needed for " + String.join(", ", ok.restartNeeded()));
        }
    }

    private ConfigSync(ConfigFile file, Path stored, Applied applied) {
        this.file = file;
        this.stored = stored;
        this.applied = applied;
        this.last = new Outcome.Applied(applied.version(), Set.of());
    }

    /**
     * The settings of the file with the overlay kept in {@code dataDir}, if any. An overlay that no
     * longer fits the file (IT staff changed it since) is set aside with a warning: the file's own
     * settings are valid, and the fleet sends its overlay again.
     *
     * @throws ConfigException the file's own settings are bad
     */
    public static ConfigSync open(ConfigFile file, Path dataDir) throws ConfigException {
        KioskConfig plain = file.config();
        Path stored = dataDir.resolve(FILE);
        Applied applied = new Applied(0, Map.of(), plain);
        try {
            Stored kept = JSON.readValue(Files.readAllBytes(stored), Stored.class);
            applied = new Applied(kept.version(), kept.values(), file.config(RemoteConfig.parse(kept.values()).asMap()));
        } catch (NoSuchFileException e) {
            // no overlay from the fleet yet
        } catch (IOException e) {
            log.warn("config overlay {} unreadable, using the settings file alone: {}", stored, e.getMessage());
        } catch (ConfigException e) {
            log.warn("config overlay {} no longer valid, using the settings file alone: {}", stored,
                    String.join("; ", e.problems()));
        }
        return new ConfigSync(file, stored, applied);
    }

    /** On disk: what the fleet asked for, as text. */
    record Stored(long version, Map<String, String> values) {
    }

    public synchronized KioskConfig current() {
        return applied.config();
    }

    /** The overlay's version the kiosk runs with; 0 without one. */
    public synchronized long version() {
        return applied.version();
    }

    /** The last desired overlay's fate (after {@link #open}: applied, the stored version). */
    public synchronized Outcome outcome() {
        return last;
    }

    /** Called, on the caller's thread of {@link #desired}, with each applied change. */
    public void onChange(Consumer<Change> listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Takes the fleet's desired overlay: the same one again (every reconnect) changes nothing; a new
     * one is checked, kept and handed to the listeners, or refused with every bad key named.
     */
    public Outcome desired(long version, Map<String, String> overlay) {
        Change change;
        Outcome outcome;
        synchronized (this) {
            if (version == applied.version() && overlay.equals(applied.values())) {
                return last;
            }
            if (last instanceof Outcome.Refused refused && refused.refusedVersion() == version) {
                return last;
            }
            KioskConfig next;
            try {
                next = file.config(RemoteConfig.parse(overlay).asMap());
            } catch (ConfigException e) {
                log.warn("config {} refused, config {} stays: {}", version, applied.version(),
                        String.join("; ", e.problems()));
                last = new Outcome.Refused(applied.version(), version, e.problems());
                return last;
            }
            try {
                store(new Stored(version, overlay));
            } catch (IOException e) {
                log.warn("config {} not kept: {}", version, e.toString());
                last = new Outcome.Refused(applied.version(), version, List.of(stored + ": cannot write: " + e.getMessage()));
                return last;
            }
            Set<String> changed = changedKeys(applied.values(), overlay);
            Set<String> restart = new TreeSet<>(changed);
            restart.removeAll(RemoteConfig.LIVE_KEYS);
            applied = new Applied(version, Map.copyOf(overlay), next);
            last = new Outcome.Applied(version, restart);
            outcome = last;
            change = new Change(next, changed);
            log.info("config {} applied: {}{}", version, overlay,
                    restart.isEmpty() ? "" : "; restart needed for " + restart);
        }
        for (Consumer<Change> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                log.warn("applying config {} failed in part: {}", version, e.toString());
            }
        }
        return outcome;
    }

    private static Set<String> changedKeys(Map<String, String> before, Map<String, String> after) {
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        keys.removeIf(key -> Objects.equals(before.get(key), after.get(key)));
        return keys;
    }

    private void store(Stored value) throws IOException {
        Files.createDirectories(stored.getParent());
        Path temp = Files.createTempFile(stored.getParent(), FILE, ".tmp");
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(JSON.writeValueAsBytes(value)));
                out.force(true); // on disk before the rename makes it the overlay
            }
            try {
                Files.move(temp, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, stored, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
