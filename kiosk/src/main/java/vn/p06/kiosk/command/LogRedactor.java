package vn.p06.kiosk.command;

import java.util.regex.Pattern;

/**
 * Cleans collected logs before they leave the kiosk. Card data never reaches the log in the first
 * place (CardPrivacyTest); this is a second line: anything that looks like a 12-digit citizen ID
 * number, and the value of any name field ({@code name=…}, {@code "fullName":"…"}, {@code họ tên: …}),
 * is replaced. It can redact harmless text too (a 12-digit number that is not an ID); that is the
 * intended side of the mistake.
 */
final class LogRedactor {
    static final String ID = "[redacted id]";
    static final String NAME = "[redacted name]";

    private static final Pattern ID_NUMBER = Pattern.compile("(?<!\\d)\\d{12}(?!\\d)");
    private static final Pattern NAME_FIELD = Pattern.compile(
            "(?iu)(\"?\\b(?:full_?name|[a-z]*Name|name|ho_?ten|họ(?: và)? tên|tên)\\b\"?\\s*[:=]\\s*)(\"[^\"]*\"|[^,;}\\n]+)");

    private LogRedactor() {
    }

    static String redact(String log) {
        String withoutIds = ID_NUMBER.matcher(log).replaceAll(ID);
        return NAME_FIELD.matcher(withoutIds).replaceAll(match ->
                java.util.regex.Matcher.quoteReplacement(match.group(1) + NAME));
    }
}
