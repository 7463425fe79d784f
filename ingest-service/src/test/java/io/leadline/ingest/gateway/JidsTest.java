package io.leadline.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JidsTest {

    @Test
    void aPhoneJidWithADeviceSuffixAndItsCUsFormNameTheSamePhone() {
        assertThat(Jids.person("6281312345678:12@s.whatsapp.net").phone()).isEqualTo("6281312345678");
        assertThat(Jids.person("6281312345678@c.us").phone()).isEqualTo("6281312345678");
        assertThat(Jids.person("6281312345678:12@s.whatsapp.net").jid()).isEqualTo("6281312345678:12@s.whatsapp.net");
    }

    @Test
    void aLinkedIdAndItsPhoneAlternativeAreBothKeptWhateverTheirOrder() {
        var lidFirst = Jids.person("180149326516354@lid", "6281312345678@s.whatsapp.net");
        var phoneFirst = Jids.person("6281312345678@s.whatsapp.net", "180149326516354:3@lid");

        assertThat(lidFirst.lid()).isEqualTo("180149326516354@lid");
        assertThat(lidFirst.phone()).isEqualTo("6281312345678");
        assertThat(phoneFirst.lid()).isEqualTo("180149326516354@lid");
        assertThat(lidFirst.senderRef()).isEqualTo(phoneFirst.senderRef()).isEqualTo("6281312345678");
    }

    @Test
    void aLinkedIdAloneIsTheSenderAndBareDigitsFromOlderReleasesAreAPhone() {
        assertThat(Jids.person("180149326516354@lid").senderRef()).isEqualTo("180149326516354@lid");
        assertThat(Jids.person("180149326516354@lid", "6281312345678").phone()).isEqualTo("6281312345678");
    }

    @Test
    void groupsAndBroadcastsAreNeverPeople() {
        assertThat(Jids.isGroup("120363025246125486@g.us")).isTrue();
        assertThat(Jids.isBroadcast("status@broadcast")).isTrue();
        assertThat(Jids.person("120363025246125486@g.us").senderRef()).isEqualTo("unknown");
    }
}
