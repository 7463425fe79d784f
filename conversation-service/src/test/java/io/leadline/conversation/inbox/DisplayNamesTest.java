package io.leadline.conversation.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DisplayNamesTest {

    @Test
    void aManualNameWinsOverEverything() {
        assertThat(DisplayNames.of("Bu Ayu", "Ayu Lestari", "ayu", "+6281312345678")).isEqualTo("Bu Ayu");
    }

    @Test
    void thenTheLeadNameThenTheProfileName() {
        assertThat(DisplayNames.of(null, "Ayu Lestari", "ayu", "+6281312345678")).isEqualTo("Ayu Lestari");
        assertThat(DisplayNames.of(" ", null, "ayu", "+6281312345678")).isEqualTo("ayu");
    }

    @Test
    void thenThePhoneFormattedForPeople() {
        assertThat(DisplayNames.of(null, null, null, "+6281312345678")).isEqualTo("+62 813-1234-5678");
        assertThat(DisplayNames.of(null, null, null, "+972545551234")).isEqualTo("+972 54-555-1234");
    }

    @Test
    void neverAnLidAJidOrARawIdWhateverFieldItArrivedIn() {
        assertThat(DisplayNames.of("82399031480511@lid", "972501234567@s.whatsapp.net", "6281312345678", null))
                .isEqualTo("Unknown");
        assertThat(DisplayNames.of(null, null, "82399031480511@lid", "82399031480511@lid")).isEqualTo("Unknown");
        assertThat(DisplayNames.of(null, null, "wamid.HBgLNjI4MTM", null)).isEqualTo("Unknown");
    }
}
