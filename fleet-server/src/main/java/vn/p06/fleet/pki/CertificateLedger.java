package vn.p06.fleet.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every kiosk certificate the CA issued, and which are revoked: an append-only text file replayed
 * at start ({@code I <serial> <kioskId> <notAfter>} per issue, {@code R <kioskId> <revokedAt>} per
 * revocation, which revokes every certificate that kiosk had so far; a later enrollment issues a
 * fresh one). Revocation lines written before the CRL existed have no time; they count as revoked
 * at the moment the ledger is read.
 * Lookups are in memory, so the broker answers a certificate login without touching the disk or
 * the database. Each line is forced to disk before the call returns: a revocation survives a crash.
 */
public final class CertificateLedger {

    /** Why a certificate may not log in; {@link #VALID} if it may. */
    public enum Status { VALID, UNKNOWN, REVOKED, OTHER_KIOSK }

    private record Entry(String kioskId, Instant notAfter, Instant revokedAt) {
        boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A revoked certificate, as the CRL lists it. */
    record Revoked(BigInteger serial, Instant revokedAt, Instant notAfter) {
    }

    private final Path file;
    private final Map<BigInteger, Entry> bySerial = new ConcurrentHashMap<>();

    private CertificateLedger(Path file) {
        this.file = file;
    }

    static CertificateLedger open(Path file, Instant now) throws IOException {
        CertificateLedger ledger = new CertificateLedger(file);
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(" ");
            try {
                switch (fields[0]) {
                    case "I" -> ledger.bySerial.put(new BigInteger(fields[1], 16),
                            new Entry(fields[2], Instant.parse(fields[3]), null));
                    case "R" -> ledger.markRevoked(fields[1], fields.length > 2 ? Instant.parse(fields[2]) : now);
                    default -> throw new IllegalArgumentException("unknown record " + fields[0]);
                }
            } catch (RuntimeException e) {
                // A half-written last line (crash during append) is the only expected damage.
                if (i < lines.size() - 1) {
                    throw new IOException(file + " line " + (i + 1) + " is damaged: " + e.getMessage(), e);
                }
            }
        }
        return ledger;
    }

    /** May the certificate with this serial log in as {@code kioskId}? */
    public Status status(BigInteger serial, String kioskId) {
        Entry entry = bySerial.get(serial);
        if (entry == null) {
            return Status.UNKNOWN;
        }
        if (!entry.kioskId().equals(kioskId)) {
            return Status.OTHER_KIOSK;
        }
        return entry.revoked() ? Status.REVOKED : Status.VALID;
    }

    /** How many certificates of this kiosk may still log in (revocation tests, the admin view). */
    public long validCount(String kioskId) {
        return bySerial.values().stream().filter(e -> e.kioskId().equals(kioskId) && !e.revoked()).count();
    }

    synchronized void issued(BigInteger serial, String kioskId, Instant notAfter) {
        append("I " + serial.toString(16) + " " + kioskId + " " + notAfter);
        bySerial.put(serial, new Entry(kioskId, notAfter, null));
    }

    /** Revokes every certificate issued to this kiosk so far. */
    synchronized void revokeKiosk(String kioskId, Instant at) {
        append("R " + kioskId + " " + at);
        markRevoked(kioskId, at);
    }

    /** Revoked certificates that have not expired by {@code now}: the CRL's entries, by serial. */
    List<Revoked> revokedUnexpired(Instant now) {
        return bySerial.entrySet().stream()
                .filter(e -> e.getValue().revoked() && e.getValue().notAfter().isAfter(now))
                .map(e -> new Revoked(e.getKey(), e.getValue().revokedAt(), e.getValue().notAfter()))
                .sorted(java.util.Comparator.comparing(Revoked::serial))
                .toList();
    }

    private void markRevoked(String kioskId, Instant at) {
        // A certificate keeps the time of its first revocation.
        bySerial.replaceAll((serial, e) -> e.kioskId().equals(kioskId) && !e.revoked()
                ? new Entry(kioskId, e.notAfter(), at) : e);
    }

    private void append(String line) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE)) {
            channel.write(StandardCharsets.US_ASCII.encode(line + "\n"));
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record in " + file, e);
        }
    }
}
