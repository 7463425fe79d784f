package io.leadline.identity.phone;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.identity.phone.PhoneNumbers.Phone;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What libphonenumber 9.0.43 really answers, with the business's default region: each written form of one number
 * reads as one E.164, and what cannot be read gives nothing (the contact is then resolved by its raw identifier).
 */
class PhoneNumbersTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" in {1} reads as {2} (valid: {3})")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # Indonesia: international, national with trunk 0, digits with the country code but no +
            +62 813-1234-5678      | ID   | +6281312345678 | true
            0813-1234-5678         | ID   | +6281312345678 | true
            6281312345678          | ID   | +6281312345678 | true
            081312345678           | ID   | +6281312345678 | true
            (0813) 1234 5678       | ID   | +6281312345678 | true
            # Israel: an assigned mobile range, and seed 003's number, whose range libphonenumber does not know
            +972 50-234-5678       | IL   | +972502345678  | true
            050-234-5678           | IL   | +972502345678  | true
            972502345678           | IL   | +972502345678  | true
            +972 50-123-4567       | IL   | +972501234567  | false
            050-123-4567           | IL   | +972501234567  | false
            # Zambia
            +260 97 7123456        | ZM   | +260977123456  | true
            0977123456             | ZM   | +260977123456  | true
            260977123456           | ZM   | +260977123456  | true
            260777711059           | ID   | +260777711059  | true
            # Brazil: the mobile ninth digit; WhatsApp ids of older accounts come without it
            +55 11 91234-5678      | BR   | +5511912345678 | true
            (11) 91234-5678        | BR   | +5511912345678 | true
            5511912345678          | ID   | +5511912345678 | true
            551181234567           | BR   | +5511981234567 | true
            +55 11 8123-4567       | BR   | +5511981234567 | true
            +55 11 2123-4567       | BR   | +551121234567  | true
            # Mexico: mobiles with and without the 1 dropped in 2019 (WhatsApp ids still carry it)
            +52 1 55 1234 5678     | MX   | +525512345678  | true
            5215512345678          | ID   | +525512345678  | true
            +52 55 1234 5678       | MX   | +525512345678  | true
            525512345678           | MX   | +525512345678  | true
            55 1234 5678           | MX   | +525512345678  | true
            # Argentina: mobiles carry 9 after +54; nationally they are written 0 11 15-…; without the 9 it is a landline
            +54 9 11 1234-5678     | AR   | +5491112345678 | true
            5491112345678          | ID   | +5491112345678 | true
            011 15-1234-5678       | AR   | +5491112345678 | true
            +54 11 1234-5678       | AR   | +541112345678  | true
            # India
            +91 98765 43210        | IN   | +919876543210  | true
            098765 43210           | IN   | +919876543210  | true
            919876543210           | IN   | +919876543210  | true
            9876543210             | IN   | +919876543210  | true
            # United States
            +1 (415) 555-2671      | US   | +14155552671   | true
            (415) 555-2671         | US   | +14155552671   | true
            14155552671            | ID   | +14155552671   | true
            415.555.2671           | US   | +14155552671   | true
            +1 555 555 5555        | US   | +15555555555   | false
            # Germany: digits with a valid country code are not read as a national number (+49 49 15…)
            +49 151 23456789       | DE   | +4915123456789 | true
            0151 23456789          | DE   | +4915123456789 | true
            4915123456789          | DE   | +4915123456789 | true
            # United Kingdom
            +44 7911 123456        | GB   | +447911123456  | true
            07911 123456           | GB   | +447911123456  | true
            447911123456           | GB   | +447911123456  | true
            # Not numbers: too short, letters, impossible for the region, no region to read a national number in
            12345                  | ID   | none           | false
            123                    | IL   | none           | false
            abc                    | ID   | none           | false
            0813-CALL-ME           | ID   | none           | false
            +62 12                 | ID   | none           | false
            +972 12                | IL   | none           | false
            0813                   | ID   | none           | false
            0813-1234-5678         | none | none           | false
            """)
    void everyWrittenFormOfANumberReadsAsItsOneE164(String written, String region, String e164, boolean valid) {
        var read = PhoneNumbers.parse(written, region);

        if (e164 == null) {
            assertThat(read).as(written).isEmpty();
        } else {
            assertThat(read).as(written).contains(new Phone(e164, valid));
        }
    }
}
