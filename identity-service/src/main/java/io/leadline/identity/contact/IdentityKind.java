package io.leadline.identity.contact;

/**
 * The forms an identifier takes, in the order resolution trusts them: WhatsApp id, then phone, then Meta's
 * business-scoped user id, then the rest, and last the raw text of an identifier that could not be read.
 */
enum IdentityKind {
    WA_ID,
    PHONE,
    BSUID,
    LID,
    USERNAME,
    PROVIDER_ID,
    RAW
}
