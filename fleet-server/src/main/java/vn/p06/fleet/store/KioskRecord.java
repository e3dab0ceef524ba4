package vn.p06.fleet.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A kiosk as the API shows it. {@code lastHealth} is the newest health body as stored (JSON).
 * The secret hash never leaves the store.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KioskRecord(String id, String commune, boolean online, boolean revoked, Instant enrolledAt,
                          Instant lastSeenAt, Instant presenceChangedAt, String appVersion,
                          @JsonRawValue String lastHealth) {
}
