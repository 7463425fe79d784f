package io.leadline.conversation.lead;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.conversation.config.ConversationProperties.Business;
import io.leadline.conversation.config.ConversationProperties.Term;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadExtractorTest {

    private static final Business INDONESIA = new Business(
            List.of(new Term("website", List.of("situs", "toko online", "landing page")),
                    new Term("mobile-app", List.of("aplikasi mobile", "aplikasi"))),
            List.of(new Term("Jakarta", List.of("jkt")), new Term("Yogyakarta", List.of("jogja"))),
            ZoneId.of("Asia/Jakarta"), null);
    private static final Business ISRAEL = new Business(
            List.of(new Term("website", List.of("אתר", "אתר אינטרנט"))),
            List.of(new Term("Tel Aviv", List.of("תל אביב", "tel aviv"))),
            ZoneId.of("Asia/Jerusalem"), null);
    // Saturday 2026-11-21 10:00 in Jakarta
    private static final Instant SENT = Instant.parse("2026-11-21T03:00:00Z");

    @Test
    void findsAServiceTypeWhateverTheCaseAndAccents() {
        assertThat(LeadExtractor.extract("Saya butuh WEBSITÉ", INDONESIA, SENT)).containsEntry("serviceType", "website");
    }

    @Test
    void findsAMultiWordSynonymAndPrefersTheLongestPhraseAtOnePlace() {
        assertThat(LeadExtractor.extract("mau bikin Toko Online dong", INDONESIA, SENT))
                .containsEntry("serviceType", "website");
        assertThat(LeadExtractor.extract("butuh aplikasi mobile", INDONESIA, SENT))
                .containsEntry("serviceType", "mobile-app");
    }

    @Test
    void toleratesOneTypoInWordsOfFiveLettersOrMoreOnly() {
        assertThat(LeadExtractor.extract("butuh webiste", INDONESIA, SENT)).containsEntry("serviceType", "website");
        assertThat(LeadExtractor.extract("butuh aplikasii", INDONESIA, SENT)).containsEntry("serviceType", "mobile-app");
        assertThat(LeadExtractor.extract("di jkta", INDONESIA, SENT)).doesNotContainKey("city");
        assertThat(LeadExtractor.extract("butuh wbsiite", INDONESIA, SENT)).doesNotContainKey("serviceType");
    }

    @Test
    void readsHebrewWithItsOneLetterPrefixes() {
        var found = LeadExtractor.extract("אני צריך אתר אינטרנט בתל אביב", ISRAEL, SENT);
        assertThat(found).containsEntry("serviceType", "website").containsEntry("city", "Tel Aviv");
    }

    @Test
    void findsACityFromTheBusinessListOnly() {
        assertThat(LeadExtractor.extract("saya di Jogja", INDONESIA, SENT)).containsEntry("city", "Yogyakarta");
        assertThat(LeadExtractor.extract("saya di Paris", INDONESIA, SENT)).doesNotContainKey("city");
    }

    @Test
    void findsAnEmailAndAStatedName() {
        var found = LeadExtractor.extract("Hi, my name is ayu lestari, email Ayu.L@Example.co.id", INDONESIA, SENT);
        assertThat(found).containsEntry("name", "Ayu Lestari").containsEntry("email", "ayu.l@example.co.id");
        assertThat(LeadExtractor.extract("Nama saya Budi dan saya di Jakarta", INDONESIA, SENT)).containsEntry("name", "Budi");
        assertThat(LeadExtractor.extract("I'm Dana", ISRAEL, SENT)).containsEntry("name", "Dana");
        assertThat(LeadExtractor.extract("שמי דנה", ISRAEL, SENT)).containsEntry("name", "דנה");
        assertThat(LeadExtractor.extract("I'm interested in a website", ISRAEL, SENT)).doesNotContainKey("name");
        assertThat(LeadExtractor.extract("saya mau website", INDONESIA, SENT)).doesNotContainKey("name");
    }

    @Test
    void readsABudgetWithItsCurrencyOrMultiplierButNeverABareNumber() {
        assertThat(LeadExtractor.extract("budget Rp 5.000.000", INDONESIA, SENT)).containsEntry("budget", "5000000 IDR");
        assertThat(LeadExtractor.extract("kira2 2,5 juta", INDONESIA, SENT)).containsEntry("budget", "2500000");
        assertThat(LeadExtractor.extract("up to 10k", ISRAEL, SENT)).containsEntry("budget", "10000");
        assertThat(LeadExtractor.extract("תקציב של 8000 ש\"ח", ISRAEL, SENT)).containsEntry("budget", "8000 ILS");
        assertThat(LeadExtractor.extract("₪12,000", ISRAEL, SENT)).containsEntry("budget", "12000 ILS");
        assertThat(LeadExtractor.extract("call me at 081312345678", INDONESIA, SENT)).doesNotContainKey("budget");
    }

    @Test
    void readsAPreferredDateInTheBusinessTimeZone() {
        assertThat(LeadExtractor.extract("bisa tanggal 5 Desember?", INDONESIA, SENT))
                .containsEntry("preferredDate", "2026-12-05");
        assertThat(LeadExtractor.extract("how about 3/1", ISRAEL, SENT)).containsEntry("preferredDate", "2027-01-03");
        assertThat(LeadExtractor.extract("2026-12-24 please", ISRAEL, SENT)).containsEntry("preferredDate", "2026-12-24");
        assertThat(LeadExtractor.extract("besok bisa?", INDONESIA, Instant.parse("2026-11-21T18:00:00Z")))
                .as("01:00 on the 22nd in Jakarta").containsEntry("preferredDate", "2026-11-23");
        assertThat(LeadExtractor.extract("מחר", ISRAEL, SENT)).containsEntry("preferredDate", "2026-11-22");
        assertThat(LeadExtractor.extract("on 31/02", ISRAEL, SENT)).doesNotContainKey("preferredDate");
    }

    @Test
    void aPeriodTheCustomerNamesInsteadOfADayStandsForItsFirstDay() {
        Instant saturday = Instant.parse("2026-11-21T05:00:00Z");
        assertThat(LeadExtractor.extract("I'm in Jakarta, and I'd like it done next month", INDONESIA, saturday))
                .containsEntry("preferredDate", "2026-12-01");
        assertThat(LeadExtractor.extract("mulai minggu depan ya", INDONESIA, saturday))
                .as("the Monday after").containsEntry("preferredDate", "2026-11-23");
        assertThat(LeadExtractor.extract("in 3 days", ISRAEL, saturday)).containsEntry("preferredDate", "2026-11-24");
        assertThat(LeadExtractor.extract("2 minggu lagi", INDONESIA, saturday))
                .containsEntry("preferredDate", "2026-12-05");
        assertThat(LeadExtractor.extract("בחודש הבא", ISRAEL, saturday)).containsEntry("preferredDate", "2026-12-01");
    }

    @Test
    void aMessageWithNothingToReadFindsNothing() {
        assertThat(LeadExtractor.extract("ok thanks", INDONESIA, SENT)).isEmpty();
        assertThat(LeadExtractor.extract(null, INDONESIA, SENT)).isEmpty();
    }
}
