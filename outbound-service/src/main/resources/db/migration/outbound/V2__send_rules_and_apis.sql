-- What the dispatcher needs to decide before and after a send, and what the APIs keep.
ALTER TABLE outbound_message
    ADD COLUMN recipient_lid   text,
    ADD COLUMN origin          text NOT NULL DEFAULT 'AI' CHECK (origin IN ('AI', 'AGENT')),
    ADD COLUMN last_inbound_at timestamptz,
    ADD COLUMN error_code      int,
    ADD COLUMN sent_at         timestamptz,
    ADD COLUMN delivered_at    timestamptz;

ALTER TABLE outbound_message DROP CONSTRAINT outbound_message_status_check;
ALTER TABLE outbound_message ADD CONSTRAINT outbound_message_status_check
    CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'UNKNOWN'));
-- A SENDING row says when its attempt started: the sweeper's lease is measured from it.
ALTER TABLE outbound_message ADD CONSTRAINT outbound_message_sending_has_time
    CHECK (status <> 'SENDING' OR sending_at IS NOT NULL);
ALTER TABLE outbound_message ADD CONSTRAINT outbound_message_sent_has_wamid
    CHECK (status NOT IN ('SENT', 'DELIVERED') OR provider_message_id IS NOT NULL);

CREATE INDEX outbound_message_sending ON outbound_message (sending_at) WHERE status = 'SENDING';

-- Every intent refused because its dedupe key was taken: counted, never sent.
CREATE TABLE dedupe_collision (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key      text        NOT NULL REFERENCES outbound_message (dedupe_key),
    business_id     text        NOT NULL,
    conversation_id bigint      NOT NULL,
    seen_at         timestamptz NOT NULL DEFAULT now()
);

-- The per-conversation send clock: the last claim of a send to the conversation.
CREATE TABLE conversation_send_clock (
    conversation_id bigint PRIMARY KEY,
    business_id     text        NOT NULL,
    last_send_at    timestamptz NOT NULL
);

-- When the customer last wrote: WhatsApp's 24-hour window for free text.
CREATE TABLE conversation_window (
    conversation_id bigint PRIMARY KEY,
    business_id     text        NOT NULL,
    last_inbound_at timestamptz NOT NULL
);

-- Idempotency-Key of POST /api/outbound/messages: the first answer, replayed for 24 hours.
CREATE TABLE idempotency_key (
    idempotency_key text PRIMARY KEY,
    request_hash    text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('IN_PROGRESS', 'DONE')),
    response_status int,
    response_body   text,
    outbound_id     bigint REFERENCES outbound_message (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CHECK (state <> 'DONE' OR response_status IS NOT NULL)
);

CREATE INDEX idempotency_key_created ON idempotency_key (created_at);

-- Every explicit re-send a person asked for.
CREATE TABLE outbound_audit (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbound_id     bigint      NOT NULL REFERENCES outbound_message (id),
    action          text        NOT NULL,
    actor           text        NOT NULL,
    reason          text,
    previous_status text        NOT NULL,
    forced          boolean     NOT NULL,
    at              timestamptz NOT NULL DEFAULT now()
);
