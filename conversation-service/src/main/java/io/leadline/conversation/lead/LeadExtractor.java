package io.leadline.conversation.lead;

import io.leadline.conversation.config.ConversationProperties.Business;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads lead fields from one customer message: a service type and a city from the business's lists, an email, a
 * name the person states, a budget and a preferred date. Returns only what it found: finding nothing never
 * clears a field.
 */
public final class LeadExtractor {

    public static final String NAME = "name";
    public static final String EMAIL = "email";
    public static final String SERVICE_TYPE = "serviceType";
    public static final String CITY = "city";
    public static final String BUDGET = "budget";
    public static final String PREFERRED_DATE = "preferredDate";
    public static final List<String> FIELDS = List.of(NAME, EMAIL, SERVICE_TYPE, CITY, BUDGET, PREFERRED_DATE);

    private static final Pattern EMAIL_ADDRESS =
            Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern STATED_NAME = Pattern.compile(
            "(?iu)(?:\\bmy name is|\\bmy name's|\\bname's|\\bnama saya|\\bnama aku|\\bnamaku|\\bpanggil saya"
                    + "|\\bcall me|השם שלי הוא|השם שלי|שמי הוא|שמי|קוראים לי)\\s*[:,-]?\\s+(\\p{L}+(?:\\s+\\p{L}+)?)");
    private static final Pattern SELF_INTRODUCTION =
            Pattern.compile("(?u)\\b(?:I am|I'm|Im|i am|i'm|saya|aku)\\s+(\\p{Lu}\\p{L}+(?:\\s+\\p{Lu}\\p{L}+)?)");
    private static final Set<String> NOT_A_NAME = Set.of("and", "from", "in", "dan", "dari", "di", "yang", "mau",
            "ingin", "looking", "interested", "here", "ok", "okay", "the", "a", "baik", "sudah", "lagi", "ו", "מ", "אני");

    private LeadExtractor() {
    }

    public static Map<String, String> extract(String text, Business business, Instant sentAt) {
        Map<String, String> found = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return found;
        }
        List<String> words = PhraseMatcher.words(text);
        PhraseMatcher.firstMention(words, business.serviceTypes()).ifPresent(value -> found.put(SERVICE_TYPE, value));
        PhraseMatcher.firstMention(words, business.cities()).ifPresent(value -> found.put(CITY, value));
        Matcher email = EMAIL_ADDRESS.matcher(text);
        if (email.find()) {
            found.put(EMAIL, email.group().toLowerCase(Locale.ROOT));
        }
        statedName(text).ifPresent(name -> found.put(NAME, name));
        Budgets.find(text).ifPresent(budget -> found.put(BUDGET, budget));
        PreferredDates.find(text, sentAt == null ? Instant.now() : sentAt, business.timeZone())
                .ifPresent(date -> found.put(PREFERRED_DATE, date.toString()));
        return found;
    }

    static java.util.Optional<String> statedName(String text) {
        String withoutEmail = EMAIL_ADDRESS.matcher(text).replaceAll(" ");
        for (Pattern pattern : List.of(STATED_NAME, SELF_INTRODUCTION)) {
            Matcher matcher = pattern.matcher(withoutEmail);
            if (matcher.find()) {
                String name = cleanName(matcher.group(1));
                if (!name.isEmpty()) {
                    return java.util.Optional.of(name);
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static String cleanName(String candidate) {
        StringBuilder name = new StringBuilder();
        for (String word : candidate.trim().split("\\s+")) {
            if (NOT_A_NAME.contains(word.toLowerCase(Locale.ROOT))) {
                break;
            }
            if (!name.isEmpty()) {
                name.append(' ');
            }
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }
}
