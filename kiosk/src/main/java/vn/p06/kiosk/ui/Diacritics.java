package vn.p06.kiosk.ui;

import java.text.Normalizer;

/**
 * Puts a Vietnamese tone mark on the right vowel of the last word, for the on-screen keyboard's
 * tone keys (the resident types "tam", then the nặng key, and gets "tạm"). Rules, in order:
 * a vowel with a hat or horn (ơ in ươ) takes the tone; otherwise, in a word ending with a vowel
 * the tone goes on the first of two vowels (mùa, hòa) or the middle of three (ngoài); otherwise
 * on the last vowel (toán). The u of "qu" and the i of "gi" count as consonants.
 */
final class Diacritics {

    /** The five tone marks, as combining characters. */
    enum Tone {
        SAC('\u0301'), HUYEN('\u0300'), HOI('\u0309'), NGA('\u0303'), NANG('\u0323');

        final char mark;

        Tone(char mark) {
            this.mark = mark;
        }
    }

    private static final String TONES = "\u0301\u0300\u0309\u0303\u0323";
    private static final String VOWELS = "aăâeêioôơuưy";
    private static final String MARKED = "ăâêôơư";

    private Diacritics() {
    }

    /**
     * The text with {@code tone} on the last word; the same tone again removes it (toggle), and a
     * word with no vowel is returned unchanged.
     */
    static String applyTone(String text, Tone tone) {
        int start = text.length();
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) {
            start--;
        }
        String word = text.substring(start);
        if (word.isEmpty()) {
            return text;
        }
        Tone existing = toneOf(word);
        String bare = stripTone(word);
        int at = toneIndex(bare);
        if (at < 0) {
            return text;
        }
        String withTone = existing == tone ? bare
                : bare.substring(0, at + 1) + tone.mark + bare.substring(at + 1);
        return text.substring(0, start) + Normalizer.normalize(withTone, Normalizer.Form.NFC);
    }

    static String stripTone(String word) {
        StringBuilder b = new StringBuilder();
        for (char c : Normalizer.normalize(word, Normalizer.Form.NFD).toCharArray()) {
            if (TONES.indexOf(c) < 0) {
                b.append(c);
            }
        }
        return Normalizer.normalize(b.toString(), Normalizer.Form.NFC);
    }

    private static Tone toneOf(String word) {
        for (char c : Normalizer.normalize(word, Normalizer.Form.NFD).toCharArray()) {
            for (Tone t : Tone.values()) {
                if (t.mark == c) {
                    return t;
                }
            }
        }
        return null;
    }

    /** Index in {@code bare} (NFC, no tone) of the vowel that takes the tone, or -1. */
    static int toneIndex(String bare) {
        String w = bare.toLowerCase(java.util.Locale.ROOT);
        int end = w.length();
        while (end > 0 && !isVowel(w.charAt(end - 1))) {
            end--;
        }
        if (end == 0) {
            return -1;
        }
        int begin = end;
        while (begin > 0 && isVowel(w.charAt(begin - 1))) {
            begin--;
        }
        // "qu" and "gi" followed by another vowel: the u / i belongs to the consonant.
        if (end - begin > 1 && begin > 0 && ((w.charAt(begin - 1) == 'q' && w.charAt(begin) == 'u')
                || (w.charAt(begin - 1) == 'g' && w.charAt(begin) == 'i'))) {
            begin++;
        }
        for (int i = end - 1; i >= begin; i--) {
            if (MARKED.indexOf(w.charAt(i)) >= 0 && w.charAt(i) != 'ư') {
                return i;
            }
        }
        for (int i = begin; i < end; i++) {
            if (w.charAt(i) == 'ư') {
                return i;
            }
        }
        int length = end - begin;
        boolean endsWithVowel = end == w.length();
        if (endsWithVowel && length == 2) {
            return begin;
        }
        if (endsWithVowel && length == 3) {
            return begin + 1;
        }
        return end - 1;
    }

    private static boolean isVowel(char c) {
        return VOWELS.indexOf(c) >= 0;
    }
}
