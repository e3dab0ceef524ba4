package vn.p06.protocol.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The part of a kiosk's settings the fleet server may change: language, visit timeouts, which
 * peripherals are present, the commune's name, the health interval. Not ids, credentials or paths,
 * which could cut a kiosk off from the fleet. Keys are the kiosk.conf keys ({@code section.key});
 * a component left null is not changed. The constants are the rules the kiosk's own file uses too.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RemoteConfig(
        @JsonProperty("kiosk.language") @Pattern(regexp = LANGUAGES, message = "must be vi or en") String language,
        @JsonProperty("kiosk.commune") @Size(min = 1, max = MAX_COMMUNE, message = "must be 1 to {max} characters")
        String commune,
        @JsonProperty("session.timeout-seconds") @Min(MIN_TIMEOUT) @Max(MAX_TIMEOUT) Integer sessionTimeoutSeconds,
        @JsonProperty("session.warning-seconds") @Min(MIN_WARNING) @Max(MAX_WARNING) Integer sessionWarningSeconds,
        @JsonProperty("speech.engine") @Pattern(regexp = SPEECH, message = "must be espeak or silent") String speech,
        @JsonProperty("card.reader") @Pattern(regexp = CARD_READERS, message = "must be none, simulated or pcsc")
        String cardReader,
        @JsonProperty("printer.kind") @Pattern(regexp = PRINTERS, message = "must be none, simulated or cups")
        String printer,
        @JsonProperty("tickets.kind") @Pattern(regexp = TICKET_PRINTERS, message = "must be none, simulated or escpos")
        String tickets,
        @JsonProperty("scanner.kind") @Pattern(regexp = SCANNERS, message = "must be none, simulated or sane")
        String scanner,
        @JsonProperty("gpio.kind") @Pattern(regexp = GPIO, message = "must be none or pi4j") String gpio,
        @JsonProperty("telemetry.health-interval-seconds") @Min(MIN_HEALTH) @Max(MAX_HEALTH)
        Integer healthIntervalSeconds) {

    public static final String LANGUAGES = "vi|en";
    public static final int MAX_COMMUNE = 100;
    /** A resident needs time to read a screen; a kiosk left mid-visit must not wait a quarter hour. */
    public static final int MIN_TIMEOUT = 30;
    public static final int MAX_TIMEOUT = 900;
    public static final int MIN_WARNING = 5;
    public static final int MAX_WARNING = 120;
    public static final String SPEECH = "espeak|silent";
    public static final String CARD_READERS = "none|simulated|pcsc";
    public static final String PRINTERS = "none|simulated|cups";
    public static final String TICKET_PRINTERS = "none|simulated|escpos";
    public static final String SCANNERS = "none|simulated|sane";
    public static final String GPIO = "none|pi4j";
    /** Seconds; 1 s for demos and tests, at most an hour (the dashboard would call the kiosk silent). */
    public static final int MIN_HEALTH = 1;
    public static final int MAX_HEALTH = 3600;

    /** Keys a kiosk applies while it runs; a change of any other key takes a restart of the app. */
    public static final Set<String> LIVE_KEYS = Set.of("kiosk.language", "kiosk.commune", "session.timeout-seconds",
            "session.warning-seconds", "telemetry.health-interval-seconds");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Checks an overlay as the API and the desired state carry it (values as text).
     *
     * @return the overlay, typed
     * @throws ConfigException naming every bad key: unknown or not changeable remotely, wrong type,
     *                         out of range
     */
    public static RemoteConfig parse(Map<String, String> overlay) throws ConfigException {
        List<String> problems = new ArrayList<>();
        Map<String, String> known = new TreeMap<>(overlay);
        // Unknown keys first and all of them: Jackson would stop at the first.
        for (String key : overlay.keySet()) {
            if (!keys().contains(key)) {
                problems.add(key + ": unknown key, or not one that can be changed remotely");
                known.remove(key);
            }
        }
        RemoteConfig config;
        try {
            config = JSON.convertValue(known, RemoteConfig.class);
        } catch (IllegalArgumentException e) {
            problems.add(e.getCause() instanceof JsonMappingException bad ? Settings.problem(bad) : e.getMessage());
            throw new ConfigException(problems);
        }
        problems.addAll(Settings.problems(config));
        if (config.sessionWarningSeconds != null && config.sessionTimeoutSeconds != null
                && config.sessionWarningSeconds >= config.sessionTimeoutSeconds) {
            problems.add("session.warning-seconds: must be less than session.timeout-seconds");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().sorted().toList());
        }
        return config;
    }

    /** Every key that can be changed remotely, sorted. */
    public static List<String> keys() {
        return KEYS;
    }

    private static final List<String> KEYS = java.util.Arrays.stream(RemoteConfig.class.getRecordComponents())
            .map(c -> {
                try {
                    return RemoteConfig.class.getDeclaredField(c.getName()).getAnnotation(JsonProperty.class).value();
                } catch (NoSuchFieldException e) {
                    throw new IllegalStateException(e);
                }
            })
            .sorted()
            .toList();

    /** The overlay as text values again, keyed as in the file; only the keys that are set. */
    public Map<String, String> asMap() {
        Map<String, String> values = new TreeMap<>();
        JSON.convertValue(this, Map.class).forEach((key, value) -> values.put(key.toString(), value.toString()));
        return values;
    }
}
