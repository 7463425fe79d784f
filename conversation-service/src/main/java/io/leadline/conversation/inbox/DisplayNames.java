package io.leadline.conversation.inbox;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The name the inbox shows: a manual name, else the lead's name, else the WhatsApp profile name, else the phone
 * formatted for people, else the business's word for "Unknown" ("ללא שם" in Hebrew). Never an {@code @lid}, a JID or a raw id: a candidate that looks like an
 * identifier is skipped, whichever source it came from.
 */
final class DisplayNames {

    static final String UNKNOWN = "Unknown";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern IDENTIFIER_LIKE =
            Pattern.compile("(?i).*@.*|^[+\\d\\s().:-]+$|^wamid\\..*|^[a-z]{2}\\.[\\w-]{8,}$");

    private DisplayNames() {
    }

    static String of(String manualName, String leadName, String profileName, String phoneE164) {
        return of(manualName, leadName, profileName, phoneE164, UNKNOWN);
    }

    static String of(String manualName, String leadName, String profileName, String phoneE164, String unknown) {
        return Stream.of(manualName, leadName, profileName)
                .filter(DisplayNames::isPersonName)
                .map(String::strip)
                .findFirst()
                .or(() -> formattedPhone(phoneE164))
                .orElse(unknown);
    }

    static boolean isPersonName(String candidate) {
        return candidate != null && !candidate.isBlank() && !IDENTIFIER_LIKE.matcher(candidate.strip()).matches();
    }

    private static java.util.Optional<String> formattedPhone(String phoneE164) {
        if (phoneE164 == null || !phoneE164.matches("\\+?\\d{6,15}")) {
            return java.util.Optional.empty();
        }
        try {
            var number = PHONES.parse(phoneE164.startsWith("+") ? phoneE164 : "+" + phoneE164, null);
            return java.util.Optional.of(PHONES.format(number, PhoneNumberFormat.INTERNATIONAL));
        } catch (NumberParseException unreadable) {
            return java.util.Optional.empty();
        }
    }
}
