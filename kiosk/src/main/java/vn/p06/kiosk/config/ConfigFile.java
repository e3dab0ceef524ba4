package vn.p06.kiosk.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.p06.protocol.config.ConfigException;
import vn.p06.protocol.config.Settings;

/**
 * The kiosk's settings file and what is laid over it: defaults, then the file, then the command
 * line's options (only those scripts and tests pass, mapped onto their keys), then the fleet's
 * overlay. Unknown keys are errors (a typo must not be silently ignored); every problem names its
 * key, {@code printer.queue: must not be blank}.
 */
public final class ConfigFile {
    /** Where the package installs it. */
    public static final Path DEFAULT = Path.of("/etc/p06-kiosk/kiosk.conf");

    private static final TomlMapper TOML = new TomlMapper();
    private static final ObjectMapper BIND = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();
    private static final ObjectNode DEFAULTS = BIND.valueToTree(KioskConfig.defaults());

    private final String source;
    private final ObjectNode tree;

    private ConfigFile(String source, ObjectNode tree) {
        this.source = source;
        this.tree = tree;
    }

    /**
     * @param file      the settings file; empty: defaults only (development, tests)
     * @param overrides {@code section.key} → value, from the command line
     * @throws ConfigException the file cannot be read or parsed, or names keys that do not exist
     */
    public static ConfigFile read(Optional<Path> file, Map<String, String> overrides) throws ConfigException {
        String source = file.map(Path::toString).orElse("defaults");
        ObjectNode tree = DEFAULTS.deepCopy();
        List<String> problems = new ArrayList<>();
        if (file.isPresent()) {
            JsonNode read;
            try (InputStream in = Files.newInputStream(file.get())) {
                read = TOML.readTree(in);
            } catch (NoSuchFileException e) {
                throw new ConfigException(List.of(source + ": no such file"));
            } catch (JacksonException e) {
                throw new ConfigException(List.of(source + ": " + syntax(e)));
            } catch (IOException e) {
                throw new ConfigException(List.of(source + ": cannot read: " + e.getMessage()));
            }
            merge(tree, read, "", problems);
        }
        ObjectNode given = BIND.createObjectNode();
        overrides.forEach((key, value) -> put(given, key, value));
        merge(tree, given, "", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().sorted().toList());
        }
        return new ConfigFile(source, tree);
    }

    /**
     * The UI's command line: {@code --config=FILE}, any key as {@code --section.key=value}, and the
     * development flags {@code --windowed} and {@code --show-cursor}.
     *
     * @throws ConfigException an argument of another shape, or what {@link #read} throws
     */
    public static ConfigFile fromCommandLine(List<String> args) throws ConfigException {
        Optional<Path> file = Optional.empty();
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--windowed")) {
                keys.put("display.windowed", "true");
            } else if (arg.equals("--show-cursor")) {
                keys.put("display.show-cursor", "true");
            } else if (arg.startsWith("--config=")) {
                file = Optional.of(Path.of(arg.substring("--config=".length())));
            } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                keys.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                problems.add(arg + ": not an option; give --config=FILE, --section.key=value, --windowed or --show-cursor");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return read(file, keys);
    }

    /**
     * The settings with the fleet's overlay on top, bound and validated.
     *
     * @param overlay {@code section.key} → value; checked by the caller against what may be changed remotely
     * @throws ConfigException one line per bad key, each naming it
     */
    public KioskConfig config(Map<String, String> overlay) throws ConfigException {
        ObjectNode merged = tree.deepCopy();
        ObjectNode laid = BIND.createObjectNode();
        overlay.forEach((key, value) -> put(laid, key, value));
        List<String> problems = new ArrayList<>();
        merge(merged, laid, "", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        KioskConfig config;
        try {
            config = BIND.treeToValue(merged, KioskConfig.class);
        } catch (JsonMappingException e) {
            throw new ConfigException(List.of(Settings.problem(e)));
        } catch (JacksonException e) {
            throw new ConfigException(List.of(source + ": " + e.getOriginalMessage()));
        }
        problems.addAll(Settings.problems(config));
        if (problems.isEmpty()) {
            // the rules joining keys only once each key is valid alone: "warning < timeout" says nothing
            // new while the timeout is out of range
            problems.addAll(config.crossFieldProblems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().distinct().sorted().toList());
        }
        return config;
    }

    /** The settings without an overlay. */
    public KioskConfig config() throws ConfigException {
        return config(Map.of());
    }

    /**
     * Lays {@code over} onto {@code base}, key by key, recording keys {@code base} does not have:
     * the defaults hold every key there is, so anything else is a typo or a key from elsewhere.
     */
    private static void merge(ObjectNode base, JsonNode over, String prefix, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            JsonNode known = base.get(field.getKey());
            if (known == null) {
                problems.add(key + ": unknown key");
            } else if (known.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) known, field.getValue(), key + ".", problems);
            } else {
                // a type mismatch (a value for a section, text for a number) is the binding's to name
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void put(ObjectNode root, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) && node.get(parts[i]).isObject() ? (ObjectNode) node.get(parts[i])
                    : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }

    private static String syntax(JacksonException e) {
        JsonLocation where = e.getLocation();
        String message = String.valueOf(e.getOriginalMessage());
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline);
        return where == null || where.getLineNr() < 1 ? message : "line " + where.getLineNr() + ": " + message;
    }
}
