package io.leadline.contracts.identity;

import io.leadline.contracts.Recipient;

/**
 * What other services need to know of a contact, as of the event.
 *
 * @param displayName a name for people: a manual name, else the WhatsApp profile name; never a JID or an {@code @lid}
 * @param phoneValid  false when the contact's phone could not be read as a valid number for its region
 * @param replyTo     how to address a reply to this contact
 * @param manualName  the name a person gave the contact by hand, or null
 */
public record ContactCard(
        long contactId,
        String displayName,
        String profileName,
        String phoneE164,
        boolean phoneValid,
        Recipient replyTo,
        String manualName) {
}
