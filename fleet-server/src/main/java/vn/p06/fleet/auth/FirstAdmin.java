package vn.p06.fleet.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At the first start (no users yet) creates {@code admin} with a random password written to
 * {@code <data-dir>/admin-password}, owner-only. The log names the file, never the password.
 */
public final class FirstAdmin {
    private static final Logger log = LoggerFactory.getLogger(FirstAdmin.class);
    public static final String USERNAME = "admin";

    private FirstAdmin() {
    }

    public static void ensure(UserStore users, Path dataDir, Clock clock) throws IOException {
        if (users.count() > 0) {
            return;
        }
        String password = SessionStore.random();
        Path file = dataDir.resolve("admin-password");
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
        users.upsert(USERNAME, Role.ADMIN, "Administrator", password, clock.instant());
        log.info("first dashboard user '{}' created; its password is in {}", USERNAME, file.toAbsolutePath());
    }
}
