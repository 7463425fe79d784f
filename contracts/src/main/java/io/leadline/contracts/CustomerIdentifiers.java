package io.leadline.contracts;

import java.util.stream.Stream;

/**
 * Every identifier a provider gave for one customer, exactly as it arrived (not normalized).
 *
 * @param waId              Meta's {@code wa_id} or {@code from} (digits)
 * @param phone             a phone number in any written form
 * @param jid               a WhatsApp-Web JID, e.g. {@code 972501234567:12@s.whatsapp.net} or {@code …@c.us}
 * @param lid               a WhatsApp linked id, {@code …@lid}
 * @param bsuid             Meta's business-scoped user id
 * @param parentBsuid       the parent business-scoped user id, when Meta sends one
 * @param username          the WhatsApp username, when Meta sends one
 * @param providerContactId the provider's own id for the contact (e.g. Kapso's)
 */
public record CustomerIdentifiers(
        String waId,
        String phone,
        String jid,
        String lid,
        String bsuid,
        String parentBsuid,
        String username,
        String providerContactId) {

    public static CustomerIdentifiers ofWaId(String waId) {
        return new CustomerIdentifiers(waId, null, null, null, null, null, null, null);
    }

    /** The most stable identifier present: the sender part of an inbound record's key. */
    public String senderRef() {
        return Stream.of(waId, phone, jid, lid, bsuid, username, providerContactId)
                .filter(value -> value != null && !value.isBlank())
                .findFirst()
                .orElse("unknown");
    }
}
