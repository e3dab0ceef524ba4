package vn.p06.fleet.alert;

/**
 * One rule as the dashboard shows and edits it (GET/PUT /api/alert-rules).
 *
 * @param unit        of {@code threshold}; null for rules whose condition is a state, not a number
 * @param forSeconds  how long the condition must hold before an alert opens
 */
public record RuleSettings(String rule, boolean enabled, double threshold, String unit, int forSeconds,
                           String severity, String description) {

    static RuleSettings of(Rule rule, boolean enabled, double threshold, int forSeconds, String severity) {
        return new RuleSettings(rule.wireName(), enabled, threshold, rule.unit(), forSeconds, severity,
                rule.description());
    }

    Rule kind() {
        return Rule.fromWireName(rule).orElseThrow();
    }
}
