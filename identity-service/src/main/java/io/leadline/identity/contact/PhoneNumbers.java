package io.leadline.identity.contact;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;

/** Phone numbers to E.164 with libphonenumber, in the business's default region when no country code is written. */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {
    }

    /** The E.164 form of a valid number, or empty. Digits without {@code +} are tried as international first. */
    static Optional<String> toE164(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String trimmed = raw.trim();
        String digits = trimmed.replaceAll("\\D", "");
        if (!trimmed.startsWith("+") && !trimmed.startsWith("0") && digits.length() >= 8) {
            Optional<String> international = parse("+" + digits, null);
            if (international.isPresent()) {
                return international;
            }
        }
        return parse(trimmed, defaultRegion);
    }

    private static Optional<String> parse(String text, String region) {
        try {
            PhoneNumber number = UTIL.parse(text, region);
            return UTIL.isValidNumber(number) ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
