package io.leadline.identity.contact;

/** One normalized identifier of a person. */
record Identity(IdentityKind kind, String value) {

    @Override
    public String toString() {
        return kind + "=" + value;
    }
}
