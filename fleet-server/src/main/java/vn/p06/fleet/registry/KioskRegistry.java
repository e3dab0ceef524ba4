package vn.p06.fleet.registry;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import vn.p06.fleet.broker.KioskCredentials;
import vn.p06.fleet.store.KioskRecord;
import vn.p06.fleet.store.KioskRepository;
import vn.p06.protocol.Topics;

/**
 * Enrollment and credentials of kiosks. Secrets are stored only as Argon2id hashes (OWASP's
 * minimum: 19 MiB, 2 passes, 1 lane).
 * <p>
 * Checking Argon2id costs tens of milliseconds of CPU, too much for every reconnect of a
 * thousand kiosks at 7:30. So after one successful check the registry remembers a SHA-256 of the
 * secret together with the stored hash it was checked against: a later connect with the same
 * secret, while the stored hash is unchanged and not revoked, is accepted without Argon2. The
 * memory holds nothing that was not already derivable by whoever can read this process.
 */
public final class KioskRegistry implements KioskCredentials {

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);

    private final KioskRepository kiosks;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Consumer<String> revocationListener = id -> { };

    public KioskRegistry(KioskRepository kiosks, Clock clock) {
        this.kiosks = kiosks;
        this.clock = clock;
    }

    /** Called with the kiosk id after each revocation (the broker drops the connection). */
    public void onRevoked(Consumer<String> listener) {
        this.revocationListener = listener;
    }

    public KioskRepository.Enrollment enroll(String kioskId, String commune, String secret) {
        Topics.requireValidKioskId(kioskId);
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("secret must have at least 16 characters");
        }
        String hash = Password.hash(secret).addRandomSalt(16).with(ARGON2).getResult();
        verified.remove(kioskId);
        return kiosks.enroll(kioskId, commune, hash, clock.instant());
    }

    public boolean revoke(String kioskId) {
        boolean found = kiosks.revoke(kioskId);
        verified.remove(kioskId);
        if (found) {
            revocationListener.accept(kioskId);
        }
        return found;
    }

    public Optional<KioskRecord> find(String kioskId) {
        return kiosks.find(kioskId);
    }

    @Override
    public Verdict verify(String kioskId, byte[] secret) {
        Optional<KioskRepository.Credential> credential = kiosks.credential(kioskId);
        if (credential.isEmpty()) {
            return Verdict.UNKNOWN_KIOSK;
        }
        if (credential.get().revoked()) {
            return Verdict.REVOKED;
        }
        String storedHash = credential.get().secretHash();
        byte[] digest = sha256(secret);
        Verified known = verified.get(kioskId);
        if (known != null && known.storedHash().equals(storedHash) && MessageDigest.isEqual(known.secretDigest(), digest)) {
            return Verdict.ACCEPTED;
        }
        boolean matches = Password.check(new String(secret, StandardCharsets.UTF_8), storedHash).with(ARGON2);
        if (!matches) {
            return Verdict.WRONG_SECRET;
        }
        verified.put(kioskId, new Verified(storedHash, digest));
        return Verdict.ACCEPTED;
    }

    private record Verified(String storedHash, byte[] secretDigest) {
    }

    private static byte[] sha256(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
