package io.leadline.identity.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers to E.164 with libphonenumber, in the business's default region when no country code is written.
 *
 * <p>A number is read when libphonenumber finds it <em>possible</em> (the right length for its country); it is
 * {@linkplain Phone#valid() valid} when it also falls in an assigned range. WhatsApp ids are taken as
 * international; two WhatsApp habits that libphonenumber no longer accepts are repaired: Mexican mobiles sent as
 * {@code +52 1 …} (the {@code 1} was dropped in 2019) and Brazilian mobiles sent without their ninth digit.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern LETTERS = Pattern.compile("\\p{L}");
    private static final int MIN_INTERNATIONAL_DIGITS = 8;

    private PhoneNumbers() {
    }

    /**
     * A number as a person or a provider wrote it: {@code +62 813-1234-5678}, {@code 0813…} (national, read in
     * the default region), or {@code 62813…} (digits with their country code but no {@code +}).
     */
    public static Optional<Phone> parse(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank() || LETTERS.matcher(raw).find()) {
            return Optional.empty();
        }
        String trimmed = raw.trim();
        String digits = trimmed.replaceAll("\\D", "");
        if (trimmed.startsWith("+")) {
            return international(digits);
        }
        if (!trimmed.startsWith("0") && digits.length() >= MIN_INTERNATIONAL_DIGITS) {
            // Digits that already carry a valid country code win over the same digits read as a national number.
            Optional<Phone> international = international(digits).filter(Phone::valid);
            if (international.isPresent()) {
                return international;
            }
        }
        if (defaultRegion == null || defaultRegion.isBlank()) {
            return Optional.empty();
        }
        return read(trimmed, defaultRegion);
    }

    /** Digits that carry their country code, as WhatsApp ids and JIDs do. */
    public static Optional<Phone> international(String digits) {
        if (digits == null || digits.isBlank() || !digits.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return read("+" + digits, null);
    }

    private static Optional<Phone> read(String text, String region) {
        try {
            PhoneNumber number = repairWhatsAppForms(UTIL.parse(text, region));
            // Local-only lengths (a number dialled without its area code) name no one across the country.
            if (UTIL.isPossibleNumberWithReason(number) != PhoneNumberUtil.ValidationResult.IS_POSSIBLE) {
                return Optional.empty();
            }
            return Optional.of(new Phone(UTIL.format(number, PhoneNumberFormat.E164), UTIL.isValidNumber(number)));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static PhoneNumber repairWhatsAppForms(PhoneNumber number) {
        String national = Long.toString(number.getNationalNumber());
        if (number.getCountryCode() == 52 && national.length() == 11 && national.startsWith("1")) {
            return withNational(number, national.substring(1));
        }
        if (number.getCountryCode() == 55 && national.length() == 10 && !UTIL.isValidNumber(number)
                && "6789".indexOf(national.charAt(2)) >= 0) {
            PhoneNumber ninth = withNational(number, national.substring(0, 2) + "9" + national.substring(2));
            if (UTIL.getNumberType(ninth) == PhoneNumberType.MOBILE) {
                return ninth;
            }
        }
        return number;
    }

    private static PhoneNumber withNational(PhoneNumber number, String national) {
        return new PhoneNumber().setCountryCode(number.getCountryCode()).setNationalNumber(Long.parseLong(national));
    }

    /**
     * @param e164  the number in E.164, with its {@code +}
     * @param valid true when libphonenumber knows the range as assigned, not only of the right length
     */
    public record Phone(String e164, boolean valid) {
    }
}
