package io.leadline.identity.contact;

/**
 * The canonical conversation key: {@code <business>:contact:<contactId>}. It is derived from the resolved contact,
 * so every identifier form of a person and every phone they ever had lead to one key; a merged contact's key maps
 * to its survivor's (resolution only ever answers survivors). Two businesses never share a key.
 */
final class ConversationKeys {

    private ConversationKeys() {
    }

    static String of(String business, long contactId) {
        if (business == null || business.isBlank()) {
            throw new IllegalArgumentException("A conversation key needs a business id");
        }
        if (contactId <= 0) {
            throw new IllegalArgumentException("A conversation key needs a resolved contact, not " + contactId);
        }
        return business + ":contact:" + contactId;
    }
}
