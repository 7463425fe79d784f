package io.leadline.ai.flow;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The words that stop automatic replies. A whole message must be one of them (any case, surrounding
 * punctuation and spaces ignored): "STOP" and "stop!" opt out, "don't stop, tell me more" does not.
 */
final class OptOutWords {

    private static final Pattern EDGES = Pattern.compile("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Set<String> words;

    OptOutWords(List<String> words) {
        this.words = words.stream().map(OptOutWords::normalize).collect(Collectors.toUnmodifiableSet());
    }

    boolean matches(String text) {
        return text != null && words.contains(normalize(text));
    }

    private static String normalize(String text) {
        return SPACES.matcher(EDGES.matcher(text).replaceAll("")).replaceAll(" ").toUpperCase(Locale.ROOT);
    }
}
