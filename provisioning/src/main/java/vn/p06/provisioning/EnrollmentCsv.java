package vn.p06.provisioning;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bulk-enrollment file: header {@code commune,kiosks[,name]}, one row per commune saying how
 * many kiosks it should have. UTF-8 (an Excel byte-order mark is skipped).
 *
 * <p>Parsed by hand after RFC 4180 rather than with a CSV library: the format is three columns and
 * the only subtle part is quoting ({@code "Phường 1, Quận 3"}, {@code ""} for a quote), which is
 * handled and tested here. A row whose values are wrong is returned with its error so that the
 * caller reports it and goes on with the others; only a broken file (no header, an unterminated
 * quote that swallows the rest) makes the whole file unusable.
 */
final class EnrollmentCsv {

    /**
     * One row, with the file line it starts on. Exactly one of {@code error} and a valid
     * commune/kiosks pair is meaningful: {@link #valid()} tells which.
     */
    record Row(int line, String commune, int kiosks, String name, String error) {
        boolean valid() {
            return error == null;
        }

        /** "line 7 (Phường Bến Nghé)" for messages. */
        String where() {
            return name == null || name.isBlank() ? "line " + line : "line " + line + " (" + name + ")";
        }
    }

    private record Record(int line, List<String> fields, String error) {
    }

    private EnrollmentCsv() {
    }

    static List<Row> read(Path file) throws UsageError {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new UsageError(file + " is not UTF-8 text; save it as \"CSV UTF-8\"");
        } catch (IOException e) {
            throw new UsageError("cannot read " + file + ": " + e);
        }
        return parse(text, file.toString());
    }

    static List<Row> parse(String text, String source) throws UsageError {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Record> records = records(text, source);
        if (records.isEmpty()) {
            throw new UsageError(source + " is empty; expected the header commune,kiosks[,name]");
        }
        Record header = records.get(0);
        List<String> columns = header.fields().stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
        if (!columns.equals(List.of("commune", "kiosks")) && !columns.equals(List.of("commune", "kiosks", "name"))) {
            throw new UsageError(source + " line " + header.line() + ": header must be commune,kiosks[,name], got "
                    + String.join(",", header.fields()));
        }
        List<Row> rows = new ArrayList<>();
        for (Record r : records.subList(1, records.size())) {
            rows.add(toRow(r, columns.size()));
        }
        return rows;
    }

    private static Row toRow(Record r, int columns) {
        String name = r.fields().size() >= 3 ? r.fields().get(2).strip() : null;
        String commune = r.fields().get(0).strip();
        if (r.error() != null) {
            return new Row(r.line(), commune, 0, name, r.error());
        }
        if (r.fields().size() < 2 || r.fields().size() > columns) {
            return new Row(r.line(), commune, 0, name,
                    "expected " + columns + " columns, found " + r.fields().size());
        }
        try {
            KioskIds.requireCommune(commune);
        } catch (IllegalArgumentException e) {
            return new Row(r.line(), commune, 0, name, e.getMessage());
        }
        String count = r.fields().get(1).strip();
        int kiosks;
        try {
            kiosks = Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return new Row(r.line(), commune, 0, name, "kiosks must be a whole number, got '" + count + "'");
        }
        if (kiosks < 0 || kiosks > KioskIds.MAX_NUMBER) {
            return new Row(r.line(), commune, 0, name, "kiosks must be 0.." + KioskIds.MAX_NUMBER + ", got " + kiosks);
        }
        return new Row(r.line(), commune, kiosks, name, null);
    }

    /** RFC 4180 records; blank lines are skipped; CRLF, LF and CR all end a record. */
    private static List<Record> records(String text, String source) throws UsageError {
        List<Record> out = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        int quoteLine = 0;
        boolean inQuotes = false;
        boolean fieldWasQuoted = false;
        String error = null;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(i + 1 < text.length() && text.charAt(i + 1) == '\n'))) {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !fieldWasQuoted) {
                inQuotes = true;
                fieldWasQuoted = true;
                quoteLine = line;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                addUnlessBlank(out, new Record(recordLine, List.copyOf(fields), error));
                fields.clear();
                field.setLength(0);
                fieldWasQuoted = false;
                error = null;
                line++;
                recordLine = line;
            } else {
                if (fieldWasQuoted && error == null) {
                    // "abc"def: keep the text, but refuse the row rather than guess what was meant.
                    error = "text after a closing quote";
                }
                field.append(c);
            }
            i++;
        }
        if (inQuotes) {
            throw new UsageError(source + " line " + quoteLine + ": quote opened here is never closed");
        }
        fields.add(field.toString());
        addUnlessBlank(out, new Record(recordLine, List.copyOf(fields), error));
        return out;
    }

    private static void addUnlessBlank(List<Record> out, Record r) {
        boolean blank = r.fields().stream().allMatch(String::isBlank);
        if (!blank || r.error() != null) {
            out.add(r);
        }
    }
}
