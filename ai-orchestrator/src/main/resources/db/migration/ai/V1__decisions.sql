-- Exactly one decision per inbound message: the unique key is what makes a redelivered event harmless.
CREATE TABLE decision (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    business_id         text        NOT NULL,
    conversation_id     bigint      NOT NULL,
    inbound_message_id  bigint      NOT NULL,
    reply_type          text        NOT NULL,
    question_key        text,
    text                text,
    created_at          timestamptz NOT NULL DEFAULT now(),
    UNIQUE (business_id, inbound_message_id)
);

CREATE INDEX decision_conversation ON decision (conversation_id, id);
