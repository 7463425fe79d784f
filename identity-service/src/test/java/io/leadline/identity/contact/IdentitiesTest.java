package io.leadline.identity.contact;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.identity.phone.PhoneNumbers.Phone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentitiesTest {

    @Test
    void aWaIdNamesItsWhatsAppIdAndItsPhone() {
        var identities = Identities.of(CustomerIdentifiers.ofWaId("6281312345678"), "ID");

        assertThat(identities.identities()).containsExactly(
                new Identity(IdentityKind.WA_ID, "6281312345678"),
                new Identity(IdentityKind.PHONE, "+6281312345678"));
        assertThat(identities.invalidPhone()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6281312345678", "+6281312345678", "+62 813-1234-5678", "081312345678", "0813 1234 5678"})
    void everySpellingOfAWaIdIsOneWhatsAppIdAndOnePhone(String waId) {
        var identities = Identities.of(CustomerIdentifiers.ofWaId(waId), "ID");

        assertThat(identities.identities()).containsExactly(
                new Identity(IdentityKind.WA_ID, "6281312345678"),
                new Identity(IdentityKind.PHONE, "+6281312345678"));
        assertThat(identities.invalidPhone()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"972502345678@s.whatsapp.net", "972502345678:12@s.whatsapp.net", "972502345678@c.us",
            " 972502345678:3@s.whatsapp.net "})
    void everyJidOfAPhoneNamesThatPhone(String jid) {
        var identities = Identities.of(jid(jid), "IL");

        assertThat(identities.identities()).containsExactly(new Identity(IdentityKind.PHONE, "+972502345678"));
        assertThat(identities.phone()).contains(new Phone("+972502345678", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"82399031480511@lid", "82399031480511:4@lid"})
    void anLidIsNeverReadAsAPhone(String lid) {
        var asJid = Identities.of(jid(lid), "IL");
        var asLid = Identities.of(new CustomerIdentifiers(null, null, null, lid, null, null, null, null), "IL");
        var asPhone = Identities.of(new CustomerIdentifiers(null, lid, null, null, null, null, null, null), "IL");

        for (Identities identities : new Identities[] {asJid, asLid, asPhone}) {
            assertThat(identities.identities()).containsExactly(new Identity(IdentityKind.LID, "82399031480511"));
            assertThat(identities.phone()).isEmpty();
            assertThat(identities.invalidPhone()).isNull();
        }
    }

    @Test
    void anLidWithItsPhoneNamesBoth() {
        var from = new CustomerIdentifiers(null, null, "972502345678@s.whatsapp.net", "82399031480511@lid", null,
                null, null, null);

        assertThat(Identities.of(from, "IL").identities()).containsExactly(
                new Identity(IdentityKind.PHONE, "+972502345678"),
                new Identity(IdentityKind.LID, "82399031480511"));
    }

    @Test
    void aBsuidAloneIsAnIdentity() {
        var from = new CustomerIdentifiers(null, null, null, null, "ID.1234567890", null, null, null);

        assertThat(Identities.of(from, "ID").identities())
                .containsExactly(new Identity(IdentityKind.BSUID, "ID.1234567890"));
    }

    @Test
    void anUnreadablePhoneIsKeptAsARawIdentifierAndReportedInvalid() {
        var from = new CustomerIdentifiers(null, " 0813 CALL ME ", null, null, null, null, null, null);

        var identities = Identities.of(from, "ID");

        assertThat(identities.identities()).containsExactly(new Identity(IdentityKind.RAW, "0813 call me"));
        assertThat(identities.phone()).isEmpty();
        assertThat(identities.invalidPhone()).isEqualTo("0813 CALL ME");
    }

    @Test
    void nothingUsableGivesNoIdentity() {
        var blank = new CustomerIdentifiers(" ", "", null, "@lid", null, null, null, null);

        assertThat(Identities.of(blank, "ID").isEmpty()).isTrue();
        assertThat(Identities.of(null, "ID").isEmpty()).isTrue();
    }

    @Test
    void identitiesAreClaimedInOneGlobalOrderWhateverTheFieldsTheyCameIn() {
        var a = new CustomerIdentifiers("6281312345678", null, null, "1@lid", "B", null, null, null);
        var b = new CustomerIdentifiers(null, "0813-1234-5678", null, "1@lid", "B", null, null, null);

        assertThat(Identities.of(a, "ID").identities()).extracting(Identity::kind).containsExactly(
                IdentityKind.WA_ID, IdentityKind.PHONE, IdentityKind.BSUID, IdentityKind.LID);
        assertThat(Identities.of(b, "ID").identities()).isEqualTo(
                Identities.of(a, "ID").identities().subList(1, 4));
    }

    private static CustomerIdentifiers jid(String jid) {
        return new CustomerIdentifiers(null, null, jid, null, null, null, null, null);
    }
}
