-- Who the person is, for the inbox's display name (computed on read: manual > lead > profile > phone > Unknown).
ALTER TABLE conversation
    ADD COLUMN manual_name    text,
    ADD COLUMN profile_name   text,
    ADD COLUMN merged_into_id bigint REFERENCES conversation (id),
    ADD COLUMN closed_at      timestamptz,
    ADD CONSTRAINT conversation_merged_is_closed CHECK (merged_into_id IS NULL OR status = 'CLOSED'),
    ADD CONSTRAINT conversation_not_merged_into_itself CHECK (merged_into_id IS DISTINCT FROM id);

CREATE INDEX conversation_contact ON conversation (contact_id);

-- A merged person's old key keeps routing to the survivor's conversation, even for messages already in flight.
CREATE TABLE conversation_key_alias (
    business_id   text NOT NULL,
    alias_key     text NOT NULL,
    canonical_key text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (business_id, alias_key),
    CHECK (alias_key <> canonical_key)
);

-- Thread order: the provider's timestamp, then the order Leadline received messages in (never processing time).
ALTER TABLE message
    ADD COLUMN status_at         timestamptz,
    ADD COLUMN error_code        integer,
    ADD COLUMN error_title       text,
    ADD COLUMN accepted_at       timestamptz NOT NULL DEFAULT now(),
    ADD CONSTRAINT message_delivery_status CHECK (delivery_status IN ('SENT', 'DELIVERED', 'READ', 'FAILED', 'UNKNOWN'));

ALTER TABLE message ALTER COLUMN provider_message_id DROP NOT NULL;
-- A send that failed or whose outcome is unknown has no provider id yet: it is one row per outbound send instead.
ALTER TABLE message ADD CONSTRAINT message_has_an_identity CHECK (provider_message_id IS NOT NULL OR outbound_id IS NOT NULL);
CREATE UNIQUE INDEX message_outbound ON message (business_id, outbound_id) WHERE outbound_id IS NOT NULL;

DROP INDEX message_thread;
CREATE INDEX message_thread ON message (conversation_id, sent_at, received_at, id);

-- Whether a delivery status may replace the current one: sent -> delivered -> read; failed only before delivery.
CREATE FUNCTION delivery_advances(current_status text, next_status text) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN current_status IS NULL OR current_status = 'UNKNOWN' THEN true
        WHEN current_status = 'FAILED' THEN false
        WHEN next_status = 'FAILED' THEN current_status = 'SENT'
        ELSE array_position(ARRAY['SENT', 'DELIVERED', 'READ'], next_status)
             > array_position(ARRAY['SENT', 'DELIVERED', 'READ'], current_status)
    END
$$;

-- A status that arrived before its message: applied, then deleted, when the message is stored.
CREATE TABLE parked_status (
    business_id         text        NOT NULL,
    channel             text        NOT NULL,
    provider_message_id text        NOT NULL,
    status              text        NOT NULL CHECK (status IN ('SENT', 'DELIVERED', 'READ', 'FAILED')),
    status_at           timestamptz NOT NULL,
    error_code          integer,
    error_title         text,
    parked_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (business_id, channel, provider_message_id, status)
);

-- The lead: one row per field, so "set only when empty or set automatically" is one guarded upsert.
CREATE TABLE lead_field (
    business_id text        NOT NULL,
    contact_id  bigint      NOT NULL,
    field       text        NOT NULL CHECK (field IN ('name', 'email', 'serviceType', 'city', 'budget', 'preferredDate')),
    value       text,
    -- the value before the last write: lets the audit row come from the same upsert, exactly, under concurrency
    previous_value text,
    source      text        NOT NULL CHECK (source IN ('AUTO', 'MANUAL')),
    message_id  bigint REFERENCES message (id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (business_id, contact_id, field),
    CHECK (source = 'MANUAL' OR value IS NOT NULL)
);

CREATE INDEX lead_field_contact ON lead_field (contact_id);

-- Every automatic change, with the message that caused it; manual edits are recorded too, without a message.
CREATE TABLE lead_audit (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id text        NOT NULL,
    contact_id  bigint      NOT NULL,
    field       text        NOT NULL,
    old_value   text,
    new_value   text,
    source      text        NOT NULL CHECK (source IN ('AUTO', 'MANUAL')),
    message_id  bigint REFERENCES message (id),
    changed_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (source = 'MANUAL' OR message_id IS NOT NULL)
);

CREATE INDEX lead_audit_contact ON lead_audit (contact_id, id);
