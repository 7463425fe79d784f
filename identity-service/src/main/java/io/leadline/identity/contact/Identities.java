package io.leadline.identity.contact;

import io.leadline.contracts.CustomerIdentifiers;
import io.leadline.identity.phone.PhoneNumbers;
import io.leadline.identity.phone.PhoneNumbers.Phone;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The normalized identities a provider's identifiers stand for, in the global order every resolution claims
 * them in (kind priority, then value): two transactions never wait for each other's identities in a cycle.
 *
 * @param identities   WhatsApp id, phone, BSUID, LID, username, provider id, raw: most trusted first
 * @param phone        the phone the identifiers name, when one could be read
 * @param invalidPhone the written phone that could not be read as a number (too short, letters, impossible)
 */
record Identities(List<Identity> identities, Optional<Phone> phone, String invalidPhone) {

    static final Comparator<Identity> CLAIM_ORDER =
            Comparator.comparing(Identity::kind).thenComparing(Identity::value);

    static Identities of(CustomerIdentifiers from, String defaultRegion) {
        var identities = new TreeSet<>(CLAIM_ORDER);
        Phone phone = null;
        String invalid = null;
        if (from == null) {
            return new Identities(List.of(), Optional.empty(), null);
        }
        if (present(from.waId())) {
            String waId = from.waId().trim();
            Optional<Phone> read = readWaId(waId, defaultRegion);
            identities.add(new Identity(IdentityKind.WA_ID, waIdValue(waId, read)));
            phone = read.orElse(null);
            invalid = read.isPresent() ? null : waId;
        }
        if (present(from.jid())) {
            String jid = from.jid().trim();
            String user = userPart(jid);
            if (isLid(jid)) {
                addIfPresent(identities, IdentityKind.LID, user);
            } else {
                Optional<Phone> read = PhoneNumbers.international(user);
                if (read.isPresent()) {
                    phone = phone == null ? read.get() : phone;
                } else {
                    identities.add(new Identity(IdentityKind.RAW, raw(jid)));
                    invalid = invalid == null && phone == null ? user : invalid;
                }
            }
        }
        if (present(from.phone())) {
            Optional<Phone> read = PhoneNumbers.parse(from.phone(), defaultRegion);
            if (read.isPresent()) {
                phone = phone == null ? read.get() : phone;
            } else if (isLid(from.phone())) {
                addIfPresent(identities, IdentityKind.LID, userPart(from.phone()));
            } else {
                identities.add(new Identity(IdentityKind.RAW, raw(from.phone())));
                invalid = invalid == null && phone == null ? from.phone().trim() : invalid;
            }
        }
        if (phone != null) {
            identities.add(new Identity(IdentityKind.PHONE, phone.e164()));
            invalid = null;
        }
        if (present(from.lid())) {
            addIfPresent(identities, IdentityKind.LID, userPart(from.lid()));
        }
        if (present(from.bsuid())) {
            identities.add(new Identity(IdentityKind.BSUID, from.bsuid().trim()));
        }
        if (present(from.username())) {
            identities.add(new Identity(IdentityKind.USERNAME, from.username().trim().toLowerCase(Locale.ROOT)));
        }
        if (present(from.providerContactId())) {
            identities.add(new Identity(IdentityKind.PROVIDER_ID, from.providerContactId().trim()));
        }
        return new Identities(List.copyOf(identities), Optional.ofNullable(phone), invalid);
    }

    /** One identifier typed into a search box, in every form it could stand for. */
    static List<Identity> candidates(String written, String defaultRegion) {
        var candidates = new TreeSet<>(CLAIM_ORDER);
        String value = written.trim();
        if (isLid(value)) {
            addIfPresent(candidates, IdentityKind.LID, userPart(value));
            return List.copyOf(candidates);
        }
        var asPhone = value.contains("@")
                ? new CustomerIdentifiers(null, null, value, null, null, null, null, null)
                : new CustomerIdentifiers(null, value, null, null, null, null, null, null);
        candidates.addAll(of(asPhone, defaultRegion).identities());
        if (value.chars().allMatch(Character::isDigit)) {
            candidates.add(new Identity(IdentityKind.WA_ID, value));
            candidates.add(new Identity(IdentityKind.LID, value));
        }
        candidates.add(new Identity(IdentityKind.BSUID, value));
        candidates.add(new Identity(IdentityKind.USERNAME, value.toLowerCase(Locale.ROOT)));
        candidates.add(new Identity(IdentityKind.PROVIDER_ID, value));
        candidates.add(new Identity(IdentityKind.RAW, raw(value)));
        return List.copyOf(candidates);
    }

    /**
     * Meta's {@code wa_id} is the digits of an international number; simulators, imports and other providers spell
     * the same id as {@code +62 813…} or with the trunk {@code 0} ({@code 0813…}). Digits are read as international
     * only (an unassigned range must not turn into a national number of the business's region); a trunk 0 is
     * national.
     */
    private static Optional<Phone> readWaId(String waId, String defaultRegion) {
        if (waId.startsWith("0")) {
            return PhoneNumbers.parse(waId, defaultRegion);
        }
        return PhoneNumbers.international(waId.replaceAll("[\\s()+.-]", ""));
    }

    /** Meta's own digits as they came; any other spelling by its E.164 digits, so every spelling is one id. */
    private static String waIdValue(String waId, Optional<Phone> read) {
        if (waId.chars().allMatch(Character::isDigit) && !waId.startsWith("0") || read.isEmpty()) {
            return waId;
        }
        return read.get().e164().substring(1);
    }

    boolean isEmpty() {
        return identities.isEmpty();
    }

    Optional<String> valueOf(IdentityKind kind) {
        return identities.stream().filter(identity -> identity.kind() == kind).map(Identity::value).findFirst();
    }

    boolean has(IdentityKind kind) {
        return valueOf(kind).isPresent();
    }

    private static void addIfPresent(TreeSet<Identity> identities, IdentityKind kind, String value) {
        if (present(value)) {
            identities.add(new Identity(kind, value));
        }
    }

    private static boolean isLid(String value) {
        return value.trim().toLowerCase(Locale.ROOT).endsWith("@lid");
    }

    /** {@code 972501234567:12@s.whatsapp.net} → {@code 972501234567}: the device suffix names no other person. */
    private static String userPart(String jid) {
        String user = jid.trim();
        int at = user.indexOf('@');
        if (at >= 0) {
            user = user.substring(0, at);
        }
        int device = user.indexOf(':');
        return (device >= 0 ? user.substring(0, device) : user).trim();
    }

    /** A raw identifier compared without case and spacing, so a retyped copy still meets the original. */
    private static String raw(String value) {
        return value.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
