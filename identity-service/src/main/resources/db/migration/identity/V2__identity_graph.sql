-- Names: the WhatsApp profile name is always stored; a name a person typed wins over it in display_name.
-- Phones: the text of a phone that could not be read is kept beside phone_valid = false.
-- Merges: a merged contact points at its survivor (never at another merged contact) and is never resolved again.
ALTER TABLE contact
    ADD COLUMN manual_name    text,
    ADD COLUMN manual_name_at timestamptz,
    ADD COLUMN phone_raw      text,
    ADD COLUMN merged_into    bigint REFERENCES contact (id),
    ADD COLUMN merged_at      timestamptz,
    ADD CONSTRAINT contact_not_merged_into_itself CHECK (merged_into <> id),
    ADD CONSTRAINT contact_merged_has_time CHECK ((merged_into IS NULL) = (merged_at IS NULL)),
    ADD CONSTRAINT contact_manual_name_has_time CHECK (manual_name IS NULL OR manual_name_at IS NOT NULL);

ALTER TABLE contact ALTER COLUMN created_at SET DEFAULT clock_timestamp();

CREATE INDEX contact_merged_into ON contact (merged_into) WHERE merged_into IS NOT NULL;
CREATE INDEX contact_business_activity ON contact (business_id, last_activity_at DESC) WHERE merged_into IS NULL;

-- The audit of every merge: who survived, who was merged, why, and the identifiers and message that proved it.
-- A contact is merged at most once.
CREATE TABLE contact_merge (
    id           bigserial PRIMARY KEY,
    business_id  text        NOT NULL,
    survivor_id  bigint      NOT NULL REFERENCES contact (id),
    merged_id    bigint      NOT NULL UNIQUE REFERENCES contact (id),
    reason       text        NOT NULL CHECK (reason <> ''),
    evidence     jsonb       NOT NULL,
    merged_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (survivor_id <> merged_id)
);

CREATE INDEX contact_merge_survivor ON contact_merge (survivor_id);
