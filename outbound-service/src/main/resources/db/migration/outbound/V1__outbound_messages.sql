-- Every send Leadline intends, claimed by its dedupe key before WhatsApp is called: a key is sent at most once.
CREATE TABLE outbound_message (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id         text        NOT NULL,
    conversation_id     bigint      NOT NULL,
    dedupe_key          text        NOT NULL UNIQUE,
    inbound_message_id  bigint,
    reply_type          text        NOT NULL,
    question_key        text,
    text                text        NOT NULL,
    recipient_phone     text,
    recipient_wa_id     text,
    recipient_bsuid     text,
    status              text        NOT NULL DEFAULT 'PENDING'
                                    CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'FAILED', 'UNKNOWN')),
    attempts            int         NOT NULL DEFAULT 0,
    next_attempt_at     timestamptz NOT NULL DEFAULT now(),
    sending_at          timestamptz,
    provider_message_id text,
    last_error          text,
    traceparent         text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX outbound_message_due ON outbound_message (next_attempt_at, id) WHERE status = 'PENDING';
CREATE INDEX outbound_message_conversation ON outbound_message (conversation_id, id);
