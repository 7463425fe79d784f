-- One conversation per contact per business: the canonical key comes from identity-service.
CREATE TABLE conversation (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id      text        NOT NULL,
    canonical_key    text        NOT NULL,
    contact_id       bigint      NOT NULL,
    display_name     text,
    phone_e164       text,
    reply_to_wa_id   text,
    reply_to_bsuid   text,
    assignee         text,
    status           text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
    last_inbound_at  timestamptz,
    last_activity_at timestamptz NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz,
    UNIQUE (business_id, canonical_key)
);

CREATE INDEX conversation_inbox ON conversation (business_id, last_activity_at DESC, id DESC);

-- The one message table, both directions. A provider message is stored once, however often it is delivered.
CREATE TABLE message (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id     bigint      NOT NULL REFERENCES conversation (id),
    business_id         text        NOT NULL,
    channel             text        NOT NULL,
    provider_message_id text        NOT NULL,
    direction           text        NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
    message_type        text        NOT NULL,
    text                text,
    -- the provider's timestamp (whole seconds for WhatsApp)
    sent_at             timestamptz NOT NULL,
    -- when Leadline received it: ingest's acceptance, or WhatsApp's acceptance of a send
    received_at         timestamptz NOT NULL,
    delivery_status     text,
    outbound_id         bigint,
    UNIQUE (business_id, channel, provider_message_id)
);

-- The thread order: the provider's timestamp, then arrival.
CREATE INDEX message_thread ON message (conversation_id, sent_at, id);
