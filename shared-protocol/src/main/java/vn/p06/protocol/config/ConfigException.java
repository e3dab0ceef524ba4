package vn.p06.protocol.config;

import java.util.List;

/** Settings that do not validate: one line per bad key, {@code printer.queue: must not be blank}. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a config exception needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Sorted by key, each {@code key: message}. */
    public List<String> problems() {
        return problems;
    }
}
