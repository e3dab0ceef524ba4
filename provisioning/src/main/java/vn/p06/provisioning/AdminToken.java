package vn.p06.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the admin token comes from: a file first (it does not show up in {@code ps} or shell
 * history), then the environment variable. Never from a command-line value for the same reason.
 */
final class AdminToken {
    static final String ENV = "FLEET_ADMIN_TOKEN";

    private AdminToken() {
    }

    /** @throws UsageError when there is no usable token; its message never contains the token. */
    static String resolve(Path file, Map<String, String> env) throws UsageError {
        if (file != null) {
            String token;
            try {
                token = Files.readString(file, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UsageError("cannot read admin token file " + file + ": " + e);
            }
            if (token.isEmpty()) {
                throw new UsageError("admin token file " + file + " is empty");
            }
            return token;
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.strip();
        }
        throw new UsageError("no admin token: pass --admin-token-file FILE or set " + ENV);
    }
}
