package io.leadline.identity.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.CustomerIdentifiers;
import org.junit.jupiter.api.Test;

class IdentitiesTest {

    @Test
    void aWaIdNamesItsWhatsAppIdAndItsPhone() {
        assertThat(Identities.of(CustomerIdentifiers.ofWaId("6281312345678"), "ID")).containsExactly(
                new Identity(IdentityKind.WA_ID, "6281312345678"),
                new Identity(IdentityKind.PHONE, "+6281312345678"));
    }

    @Test
    void theThreeWrittenFormsOfOneIndonesianNumberAreOnePhone() {
        for (String written : new String[] {"+62 813-1234-5678", "0813-1234-5678", "6281312345678"}) {
            var from = new CustomerIdentifiers(null, written, null, null, null, null, null, null);
            assertThat(Identities.phoneOf(Identities.of(from, "ID"))).as(written).hasValue("+6281312345678");
        }
    }

    @Test
    void aDeviceJidNamesThePhoneAndALidNeverDoes() {
        var device = new CustomerIdentifiers(null, null, "972502345678:12@s.whatsapp.net", null, null, null, null, null);
        var lid = new CustomerIdentifiers(null, null, "82399031480511@lid", null, null, null, null, null);

        assertThat(Identities.phoneOf(Identities.of(device, "IL"))).hasValue("+972502345678");
        assertThat(Identities.of(lid, "IL")).containsExactly(new Identity(IdentityKind.LID, "82399031480511"));
    }
}
