package io.leadline.conversation.lead;

import io.leadline.conversation.config.ConversationProperties.Term;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds which of a list of terms a message mentions: case- and accent-insensitive, multi-word phrases, one typo
 * (an insertion, deletion, substitution or swap of neighbours) in words of five letters or more, and Hebrew's
 * one-letter prefixes (ב, ל, ה, ו, מ, ש, כ: "בתל אביב" is "in Tel Aviv").
 */
final class PhraseMatcher {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final String HEBREW_PREFIXES = "בלהומשכ";
    static final int TYPO_MIN_LENGTH = 5;
    private static final Map<String, List<String>> PHRASES = new ConcurrentHashMap<>();

    private PhraseMatcher() {
    }

    /** Lower case, accents and Hebrew points removed, split into words. */
    static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        String plain = MARKS.matcher(Normalizer.normalize(text, Normalizer.Form.NFD)).replaceAll("");
        return Arrays.stream(NOT_WORD.split(plain.toLowerCase(Locale.ROOT))).filter(word -> !word.isEmpty()).toList();
    }

    /** The value of the term mentioned first in the text (longest phrase wins at one place), if any. */
    static Optional<String> firstMention(List<String> words, List<Term> terms) {
        for (int start = 0; start < words.size(); start++) {
            String best = null;
            int bestLength = 0;
            for (Term term : terms) {
                for (String phrase : phrases(term)) {
                    // the vocabulary is fixed configuration: normalise each phrase once, not once per message word
                    List<String> phraseWords = PHRASES.computeIfAbsent(phrase, PhraseMatcher::words);
                    if (phraseWords.size() > bestLength && matchesAt(words, start, phraseWords)) {
                        best = term.value();
                        bestLength = phraseWords.size();
                    }
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    private static List<String> phrases(Term term) {
        List<String> phrases = new ArrayList<>(term.synonyms());
        phrases.add(term.value());
        return phrases;
    }

    private static boolean matchesAt(List<String> words, int start, List<String> phrase) {
        if (phrase.isEmpty() || start + phrase.size() > words.size()) {
            return false;
        }
        for (int i = 0; i < phrase.size(); i++) {
            String word = words.get(start + i);
            boolean first = i == 0;
            if (!sameWord(word, phrase.get(i)) && !(first && sameWord(withoutHebrewPrefix(word), phrase.get(i)))) {
                return false;
            }
        }
        return true;
    }

    private static String withoutHebrewPrefix(String word) {
        return word.length() > 2 && HEBREW_PREFIXES.indexOf(word.charAt(0)) >= 0 ? word.substring(1) : word;
    }

    static boolean sameWord(String word, String expected) {
        if (word.equals(expected)) {
            return true;
        }
        return expected.length() >= TYPO_MIN_LENGTH && Math.abs(word.length() - expected.length()) <= 1
                && editDistanceAtMostOne(word, expected);
    }

    /** Damerau–Levenshtein distance ≤ 1 (a swap of two neighbouring letters counts as one typo). */
    private static boolean editDistanceAtMostOne(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (a.length() == b.length()) {
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true;
            }
            return i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));
        }
        return a.length() > b.length() ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }
}
