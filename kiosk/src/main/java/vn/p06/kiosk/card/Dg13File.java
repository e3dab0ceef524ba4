package vn.p06.kiosk.card;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses the Vietnamese DG13 (tag 0x6D; layout in shared/design/cccd.md, which ICAO 9303 does not
 * define): a run of records {@code 30 LL 02 01 NN <value>...}. The layout is only "reported", so
 * the parser is tolerant on purpose: an unknown field number is kept, an unknown value tag is
 * decoded as text if it can be, a broken record is reported and skipped by resynchronising on the
 * next plausible record header so that it cannot hide the records after it, and a truncated file
 * yields the records that were complete. It never throws on card bytes.
 */
final class Dg13File {
    static final int TAG = 0x6D;
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;

    private Dg13File() {
    }

    static Dg13 parse(byte[] bytes) {
        List<String> problems = new ArrayList<>();
        Map<Integer, List<String>> fields = new TreeMap<>();
        if (bytes == null || bytes.length == 0) {
            problems.add("empty file");
            return new Dg13(fields, problems);
        }
        int start = 0;
        int end = bytes.length;
        Tlv outer = Tlv.at(bytes, 0, bytes.length);
        if (outer != null && outer.tag == TAG) {
            start = outer.valueStart;
            end = Math.min(outer.valueEnd, bytes.length);
            if (outer.truncated) {
                problems.add("file truncated: declared " + outer.declaredLength + " bytes, have " + (end - start));
            }
        } else {
            problems.add("no 0x6D header; parsing records from offset 0");
        }
        // Some writers wrap all records in one outer SEQUENCE: descend when its first child is not INTEGER.
        Tlv wrapper = Tlv.at(bytes, start, end);
        if (wrapper != null && wrapper.tag == SEQUENCE && !wrapper.truncated) {
            Tlv first = Tlv.at(bytes, wrapper.valueStart, wrapper.valueEnd);
            if (first != null && first.tag == SEQUENCE) {
                start = wrapper.valueStart;
                end = wrapper.valueEnd;
            }
        }
        Map<Integer, List<String>> ordered = new LinkedHashMap<>();
        int i = start;
        while (i < end) {
            Tlv record = Tlv.at(bytes, i, end);
            String problem = record == null ? "unreadable header" : readRecord(bytes, record, ordered);
            if (problem == null) {
                i = record.valueEnd;
                continue;
            }
            int next = resync(bytes, i + 1, end);
            problems.add("record at offset " + i + ": " + problem + "; skipped to "
                    + (next < 0 ? "the end" : "offset " + next));
            if (next < 0) {
                break;
            }
            i = next;
        }
        fields.putAll(ordered);
        return new Dg13(fields, problems);
    }

    /** Reads one {@code 30 LL 02 01 NN value...} record into {@code out}; returns a problem or null. */
    private static String readRecord(byte[] b, Tlv record, Map<Integer, List<String>> out) {
        if (record.tag != SEQUENCE) {
            return "tag 0x" + Integer.toHexString(record.tag) + " is not a SEQUENCE";
        }
        if (record.truncated) {
            return "truncated";
        }
        Tlv number = Tlv.at(b, record.valueStart, record.valueEnd);
        if (number == null || number.tag != INTEGER || number.truncated || number.length() < 1 || number.length() > 2) {
            return "no field number";
        }
        int field = 0;
        for (int k = number.valueStart; k < number.valueEnd; k++) {
            field = field << 8 | (b[k] & 0xFF);
        }
        List<String> values = new ArrayList<>();
        String problem = collectTexts(b, number.valueEnd, record.valueEnd, values, 0);
        if (problem != null) {
            return "field " + field + ": " + problem;
        }
        out.computeIfAbsent(field, k -> new ArrayList<>()).addAll(values);
        return null;
    }

    /** Text values in [from, to), descending into nested SEQUENCE/SET (the family field). */
    private static String collectTexts(byte[] b, int from, int to, List<String> out, int depth) {
        int i = from;
        while (i < to) {
            Tlv v = Tlv.at(b, i, to);
            if (v == null || v.truncated) {
                return "broken value at offset " + i;
            }
            if (v.constructed()) {
                if (depth > 4) {
                    return "nested too deep";
                }
                // A nested record may start with its own INTEGER index; skip it, keep the texts.
                String p = collectTexts(b, v.valueStart, v.valueEnd, out, depth + 1);
                if (p != null) {
                    return p;
                }
            } else if (v.tag != INTEGER || depth == 0) {
                out.add(decode(v.tag, b, v.valueStart, v.valueEnd));
            }
            i = v.valueEnd;
        }
        return null;
    }

    private static String decode(int tag, byte[] b, int from, int to) {
        int len = to - from;
        switch (tag) {
            case 0x13: // PrintableString
            case 0x16: // IA5String
            case 0x12: // NumericString
                return new String(b, from, len, StandardCharsets.US_ASCII);
            case 0x1E: // BMPString
                return new String(b, from, len, StandardCharsets.UTF_16BE);
            case 0x02: // INTEGER as a value (a number written without a string type)
                return new java.math.BigInteger(1, java.util.Arrays.copyOfRange(b, from, to)).toString();
            default:   // UTF8String (0x0C) and anything unknown that decodes as UTF-8
                try {
                    return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(b, from, len)).toString();
                } catch (CharacterCodingException e) {
                    return new String(b, from, len, StandardCharsets.ISO_8859_1);
                }
        }
    }

    /** The next offset that looks like {@code 30 LL 02 01 NN} with a field number 1..64 fitting before {@code end}. */
    private static int resync(byte[] b, int from, int end) {
        for (int i = from; i + 4 < end; i++) {
            if ((b[i] & 0xFF) == SEQUENCE && (b[i + 2] & 0xFF) == INTEGER && b[i + 3] == 1
                    && (b[i + 4] & 0xFF) >= 1 && (b[i + 4] & 0xFF) <= 64) {
                int len = b[i + 1] & 0xFF;
                if (len < 0x80 && i + 2 + len <= end) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** One BER TLV header; {@code truncated} when the declared length runs past the limit. */
    static final class Tlv {
        final int tag;
        final int valueStart;
        final int valueEnd;
        final int declaredLength;
        final boolean truncated;
        private final boolean constructed;

        private Tlv(int tag, boolean constructed, int valueStart, int declaredLength, int limit) {
            this.tag = tag;
            this.constructed = constructed;
            this.valueStart = valueStart;
            this.declaredLength = declaredLength;
            long declaredEnd = (long) valueStart + declaredLength;
            this.truncated = declaredEnd > limit;
            this.valueEnd = (int) Math.min(declaredEnd, limit);
        }

        int length() {
            return valueEnd - valueStart;
        }

        boolean constructed() {
            return constructed;
        }

        /** The TLV at {@code i}, or null when even the header does not fit or is not DER-like. */
        static Tlv at(byte[] b, int i, int limit) {
            if (i >= limit) {
                return null;
            }
            int first = b[i] & 0xFF;
            boolean constructed = (first & 0x20) != 0;
            int tag = first;
            int p = i + 1;
            if ((first & 0x1F) == 0x1F) { // multi-byte tag
                do {
                    if (p >= limit || p - i > 3) {
                        return null;
                    }
                    tag = tag << 8 | (b[p] & 0xFF);
                } while ((b[p++] & 0x80) != 0);
            }
            if (p >= limit) {
                return null;
            }
            int l = b[p++] & 0xFF;
            if (l == 0x80 || l > 0x84) {
                return null;
            }
            if (l > 0x80) {
                int n = l & 0x7F;
                if (p + n > limit) {
                    return null;
                }
                long len = 0;
                for (int k = 0; k < n; k++) {
                    len = len << 8 | (b[p++] & 0xFF);
                }
                if (len > Integer.MAX_VALUE) {
                    return null;
                }
                l = (int) len;
            }
            return new Tlv(tag, constructed, p, l, limit);
        }
    }
}
