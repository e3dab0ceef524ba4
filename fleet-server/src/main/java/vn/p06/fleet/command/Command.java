package vn.p06.fleet.command;

import java.time.Instant;
import java.util.Map;

/**
 * A remote command as the API and the live events show it (the shared REST contract).
 *
 * @param state  {@code sent}, {@code accepted}, {@code done}, {@code failed}, {@code expired} or {@code rejected}
 * @param detail the kiosk's reason for failed / rejected / expired, or what it did
 * @param result null, or the path where the screenshot or the collected logs can be fetched
 */
public record Command(String id, String kioskId, String name, Map<String, String> arguments, String state,
                      String detail, Instant createdAt, String createdBy, Instant expiresAt, Instant updatedAt,
                      String result) {

    public Command {
        arguments = Map.copyOf(arguments);
    }
}
