package io.leadline.identity.contact;

/** The forms an identifier takes, in the order resolution trusts them. */
enum IdentityKind {
    WA_ID,
    PHONE,
    BSUID,
    LID,
    USERNAME,
    PROVIDER_ID,
    RAW
}
