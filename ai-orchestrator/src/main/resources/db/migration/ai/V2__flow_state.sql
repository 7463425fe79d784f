-- The qualification flow of one conversation. The constraints carry invariant 7: the asked keys are distinct
-- (a question is never asked twice), and the asked count is exactly their number, so it can only move when the
-- question key changes. `version` is the optimistic lock every update must present.
CREATE TABLE flow_state (
    business_id        text        NOT NULL,
    conversation_id    bigint      NOT NULL,
    asked_keys         text[]      NOT NULL DEFAULT '{}',
    last_question_key  text,
    asked_count        integer     NOT NULL DEFAULT 0,
    answers            jsonb       NOT NULL DEFAULT '{}'::jsonb,
    handed_over        boolean     NOT NULL DEFAULT false,
    opted_out          boolean     NOT NULL DEFAULT false,
    assignee           text,
    version            bigint      NOT NULL,
    updated_at         timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (business_id, conversation_id),
    CHECK (asked_count = cardinality(asked_keys)),
    CHECK (last_question_key IS NULL OR last_question_key = ANY (asked_keys)),
    CHECK (version > 0)
);

CREATE INDEX flow_state_recent ON flow_state (updated_at DESC);

-- A decision keeps what it published, so a redelivered message re-publishes exactly the stored reply.
ALTER TABLE decision
    ADD COLUMN reason           text,
    ADD COLUMN model            text  NOT NULL DEFAULT 'rules',
    ADD COLUMN fallback_reason  text,
    ADD COLUMN extracted_fields jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN intent           bytea,
    ADD CONSTRAINT decision_reply_type CHECK (reply_type IN ('QUESTION', 'HANDOVER', 'NONE')),
    ADD CONSTRAINT decision_question_has_key CHECK ((reply_type = 'QUESTION') = (question_key IS NOT NULL)),
    ADD CONSTRAINT decision_reply_has_intent CHECK ((reply_type = 'NONE') = (intent IS NULL)),
    ADD CONSTRAINT decision_none_has_reason CHECK (reply_type <> 'NONE' OR reason IS NOT NULL);

