package vn.p06.kiosk.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands this kiosk has seen, in a small append-only file, each line forced to disk before
 * the command acts: MQTT QoS 1 delivers a command again after a reconnect, and a reboot must not run
 * twice because the broker redelivered it to the rebooted kiosk. A command still {@code started}
 * when the process starts was interrupted by it (restart-app, reboot) and is finished then.
 * Also keeps the maintenance switch, which must survive the restart too.
 * <p>
 * Entries older than {@link #KEEP} are dropped at open: by then the command has expired, and an
 * expired command is never run anyway.
 */
final class CommandJournal implements AutoCloseable {
    static final Duration KEEP = Duration.ofDays(2);
    static final String MAINTENANCE = "maintenance";

    record Entry(String commandId, String state, String name, Instant at) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final FileChannel channel;

    CommandJournal(Path dir, Instant now) {
        this.file = dir.resolve("commands.journal");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String[] parts = line.split(" ");
                    if (parts.length == 4) { // a torn last line (power cut mid-write) is skipped
                        Entry entry = new Entry(parts[0], parts[1], parts[2], Instant.ofEpochMilli(Long.parseLong(parts[3])));
                        if (entry.commandId().equals(MAINTENANCE) || entry.at().isAfter(now.minus(KEEP))) {
                            entries.put(entry.commandId(), entry);
                        }
                    }
                }
            }
            // Rewritten compact at every start, then appended to.
            Path compact = dir.resolve("commands.journal.tmp");
            Files.write(compact, entries.values().stream().map(CommandJournal::line).toList(), StandardCharsets.UTF_8);
            Files.move(compact, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("command journal " + file + " unusable: " + e.getMessage(), e);
        }
    }

    synchronized Optional<Entry> find(String commandId) {
        return Optional.ofNullable(entries.get(commandId));
    }

    synchronized void record(String commandId, String state, String name, Instant at) {
        Entry entry = new Entry(commandId, state, name, at);
        try {
            channel.write(ByteBuffer.wrap((line(entry) + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("command journal " + file, e);
        }
        entries.put(commandId, entry);
    }

    /** Commands that were acting when the process ended. */
    synchronized List<Entry> interrupted() {
        return entries.values().stream().filter(e -> e.state().equals("started")).toList();
    }

    synchronized boolean maintenance() {
        Entry entry = entries.get(MAINTENANCE);
        return entry != null && entry.state().equals("on");
    }

    void maintenance(boolean on, Instant at) {
        record(MAINTENANCE, on ? "on" : "off", "-", at);
    }

    private static String line(Entry entry) {
        return entry.commandId() + " " + entry.state() + " " + entry.name() + " " + entry.at().toEpochMilli();
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a file we only appended to and forced: nothing is lost
        }
    }
}
