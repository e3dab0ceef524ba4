package vn.p06.kiosk.catalog;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds services from what a resident types, with or without diacritics, in Vietnamese or English.
 * Forgiving on purpose: "dang ky tam tru", "tạm trú", "tam tru", "dang ki tam tru" and "tamtru" all
 * find temporary residence. Each word of the query is scored against each service's titles,
 * keywords and summaries (exact word, then word prefix, then one typo); a service is a result when
 * every word matches (one word may miss in queries of three words or more) and results are ranked
 * by score, the whole query found in a title counting most.
 */
public final class ServiceSearch {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9]+");
    private static final int TITLE = 3;
    private static final int KEYWORD = 2;
    private static final int SUMMARY = 1;

    private record Field(int weight, String[] words, String joined, String compact) {
    }

    private record Indexed(Service service, List<Field> fields) {
    }

    private record Hit(Service service, int score) {
    }

    private final List<Indexed> index = new ArrayList<>();

    public ServiceSearch(Catalog catalog) {
        for (Service s : catalog.services()) {
            List<Field> fields = new ArrayList<>();
            for (Lang lang : Lang.values()) {
                fields.add(field(TITLE, s.text(lang).title()));
                fields.add(field(SUMMARY, s.text(lang).summary()));
            }
            fields.add(field(KEYWORD, String.join(" ", s.keywords())));
            index.add(new Indexed(s, fields));
        }
    }

    /** Lower case, no diacritics, đ→d, y→i (ký/kí are both written), single spaces. */
    public static String normalize(String text) {
        String s = text.replace('đ', 'd').replace('Đ', 'D');
        s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        s = s.toLowerCase(Locale.ROOT).replace('y', 'i');
        return NOT_WORD.matcher(s).replaceAll(" ").strip();
    }

    /** Results, best first; empty for a blank query. */
    public List<Service> find(String query) {
        String q = normalize(query);
        if (q.isEmpty()) {
            return List.of();
        }
        String[] tokens = Arrays.stream(q.split(" ")).filter(t -> t.length() > 1 || Character.isDigit(t.charAt(0)))
                .toArray(String[]::new);
        if (tokens.length == 0) {
            return List.of();
        }
        int mayMiss = tokens.length >= 3 ? 1 : 0;
        List<Hit> hits = new ArrayList<>();
        for (Indexed item : index) {
            int score = 0;
            int missed = 0;
            for (String token : tokens) {
                int best = 0;
                for (Field f : item.fields()) {
                    best = Math.max(best, f.weight() * match(token, f));
                }
                if (best == 0) {
                    missed++;
                }
                score += best;
            }
            if (missed > mayMiss) {
                continue;
            }
            for (Field f : item.fields()) {
                if (f.weight() == TITLE && (f.joined().contains(q) || f.compact().contains(q.replace(" ", "")))) {
                    score += 10;
                    break;
                }
            }
            hits.add(new Hit(item.service(), score));
        }
        hits.sort(Comparator.comparingInt(Hit::score).reversed().thenComparing(h -> h.service().id()));
        return hits.stream().map(Hit::service).toList();
    }

    private static Field field(int weight, String text) {
        String n = normalize(text);
        return new Field(weight, n.split(" "), n, n.replace(" ", ""));
    }

    /** 3 exact word, 2 word prefix, 1 one typo or a run-together phrase ("tamtru"), 0 none. */
    private static int match(String token, Field f) {
        int best = 0;
        for (String word : f.words()) {
            if (word.equals(token)) {
                return 3;
            }
            if (word.startsWith(token)) {
                best = Math.max(best, 2);
            } else if (token.length() >= 4 && withinOneEdit(token, word)) {
                best = Math.max(best, 1);
            }
        }
        if (best == 0 && token.length() >= 5 && f.compact().contains(token)) {
            best = 1;
        }
        return best;
    }

    static boolean withinOneEdit(String a, String b) {
        if (Math.abs(a.length() - b.length()) > 1) {
            return false;
        }
        int i = 0;
        int j = 0;
        int edits = 0;
        while (i < a.length() && j < b.length()) {
            if (a.charAt(i) == b.charAt(j)) {
                i++;
                j++;
                continue;
            }
            if (++edits > 1) {
                return false;
            }
            if (a.length() > b.length()) {
                i++;
            } else if (a.length() < b.length()) {
                j++;
            } else {
                i++;
                j++;
            }
        }
        return edits + (a.length() - i) + (b.length() - j) <= 1;
    }
}
