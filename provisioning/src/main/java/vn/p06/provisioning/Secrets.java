package vn.p06.provisioning;

import java.security.SecureRandom;
import java.util.Base64;

/** Kiosk MQTT passwords: 256 random bits, base64url without padding (43 characters, URL- and JSON-safe). */
final class Secrets {
    static final int BYTES = 32;

    private Secrets() {
    }

    static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
