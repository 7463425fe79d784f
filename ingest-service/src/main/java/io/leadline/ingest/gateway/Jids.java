package io.leadline.ingest.gateway;

import io.leadline.contracts.CustomerIdentifiers;
import java.util.Locale;

/**
 * WhatsApp-Web addresses. One person may arrive as a phone JID ({@code 6281…@s.whatsapp.net}, with a device suffix
 * {@code 6281…:12@s.whatsapp.net}, or WAHA's {@code 6281…@c.us}) and as a linked id ({@code 1234…@lid}); gateways
 * send the other form beside the first ({@code remoteJidAlt}, {@code participantAlt}, {@code senderPn}, …).
 * A group ({@code @g.us}) is never a person.
 */
final class Jids {

    private Jids() {
    }

    static boolean isGroup(String jid) {
        return jid != null && jid.endsWith("@g.us");
    }

    /** Status updates, newsletters and broadcast lists: not a conversation with a customer. */
    static boolean isBroadcast(String jid) {
        return jid != null && (jid.endsWith("@broadcast") || jid.endsWith("@newsletter"));
    }

    static boolean isLid(String jid) {
        return jid != null && jid.endsWith("@lid");
    }

    static boolean isPhone(String jid) {
        return jid != null && (jid.endsWith("@s.whatsapp.net") || jid.endsWith("@c.us"));
    }

    /** The user part without the device suffix: {@code 6281…:12@s.whatsapp.net} → {@code 6281…}. */
    static String user(String jid) {
        int at = jid.indexOf('@');
        String local = at < 0 ? jid : jid.substring(0, at);
        int device = local.indexOf(':');
        local = device < 0 ? local : local.substring(0, device);
        int agent = local.indexOf('_');
        return agent < 0 ? local : local.substring(0, agent);
    }

    /**
     * Every form of one person, from the addresses a gateway gave for them (in any order, nulls allowed): the phone
     * JID as it arrived, the phone number it holds, and the linked id without its device suffix.
     */
    static CustomerIdentifiers person(String... addresses) {
        String jid = null;
        String phone = null;
        String lid = null;
        for (String address : addresses) {
            if (address == null || address.isBlank()) {
                continue;
            }
            String normalized = address.trim().toLowerCase(Locale.ROOT);
            if (isPhone(normalized) && jid == null) {
                jid = address.trim();
                phone = user(normalized);
            } else if (isLid(normalized) && lid == null) {
                lid = user(normalized) + "@lid";
            } else if (normalized.matches("\\+?\\d{6,17}") && phone == null) {
                phone = normalized.replace("+", ""); // older releases send senderPn as bare digits
            }
        }
        return new CustomerIdentifiers(null, phone, jid, lid, null, null, null, null);
    }
}
