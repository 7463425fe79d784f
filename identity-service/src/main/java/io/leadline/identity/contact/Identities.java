package io.leadline.identity.contact;

import io.leadline.contracts.CustomerIdentifiers;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The normalized identities a provider's identifiers stand for, most trusted first. */
final class Identities {

    private Identities() {
    }

    static List<Identity> of(CustomerIdentifiers from, String defaultRegion) {
        Set<Identity> identities = new LinkedHashSet<>();
        if (present(from.waId())) {
            String waId = from.waId().replaceAll("\\D", "");
            identities.add(new Identity(IdentityKind.WA_ID, waId));
            PhoneNumbers.toE164("+" + waId, defaultRegion).ifPresent(e164 -> identities.add(phone(e164)));
        }
        if (present(from.phone())) {
            identities.add(PhoneNumbers.toE164(from.phone(), defaultRegion).map(Identities::phone)
                    .orElse(new Identity(IdentityKind.RAW, from.phone().trim())));
        }
        if (present(from.jid())) {
            identities.add(fromJid(from.jid(), defaultRegion));
        }
        if (present(from.lid())) {
            identities.add(new Identity(IdentityKind.LID, userPart(from.lid())));
        }
        if (present(from.bsuid())) {
            identities.add(new Identity(IdentityKind.BSUID, from.bsuid().trim()));
        }
        if (present(from.username())) {
            identities.add(new Identity(IdentityKind.USERNAME, from.username().trim()));
        }
        if (present(from.providerContactId())) {
            identities.add(new Identity(IdentityKind.PROVIDER_ID, from.providerContactId().trim()));
        }
        return identities.stream().sorted(Comparator.comparing(Identity::kind)).toList();
    }

    static Optional<String> phoneOf(List<Identity> identities) {
        return identities.stream().filter(identity -> identity.kind() == IdentityKind.PHONE).map(Identity::value)
                .findFirst();
    }

    static Optional<String> valueOf(List<Identity> identities, IdentityKind kind) {
        return identities.stream().filter(identity -> identity.kind() == kind).map(Identity::value).findFirst();
    }

    /** {@code 972501234567:12@s.whatsapp.net} and {@code …@c.us} name a phone; {@code …@lid} never does. */
    private static Identity fromJid(String jid, String defaultRegion) {
        String user = userPart(jid);
        if (jid.trim().endsWith("@lid")) {
            return new Identity(IdentityKind.LID, user);
        }
        return PhoneNumbers.toE164("+" + user.replaceAll("\\D", ""), defaultRegion).map(Identities::phone)
                .orElse(new Identity(IdentityKind.RAW, jid.trim()));
    }

    private static String userPart(String jid) {
        String user = jid.trim();
        int at = user.indexOf('@');
        if (at >= 0) {
            user = user.substring(0, at);
        }
        int device = user.indexOf(':');
        return device >= 0 ? user.substring(0, device) : user;
    }

    private static Identity phone(String e164) {
        return new Identity(IdentityKind.PHONE, e164);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
