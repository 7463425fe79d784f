-- One row per person per business.
CREATE TABLE contact (
    id               bigint PRIMARY KEY,
    business_id      text        NOT NULL,
    display_name     text,
    profile_name     text,
    phone_e164       text,
    phone_valid      boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_activity_at timestamptz NOT NULL DEFAULT now()
);

CREATE SEQUENCE contact_id_seq OWNED BY contact.id;

-- Every identifier form that names a contact. The unique key is what makes one person one contact: a new
-- contact is created only by the transaction that wins the insert of its first identifier.
CREATE TABLE contact_identity (
    business_id text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('WA_ID', 'PHONE', 'LID', 'BSUID', 'USERNAME', 'PROVIDER_ID', 'RAW')),
    value       text        NOT NULL,
    contact_id  bigint      NOT NULL REFERENCES contact (id) DEFERRABLE INITIALLY DEFERRED,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (business_id, kind, value)
);

CREATE INDEX contact_identity_contact ON contact_identity (contact_id);
