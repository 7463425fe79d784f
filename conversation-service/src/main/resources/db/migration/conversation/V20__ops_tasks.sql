-- The operators' work queue: every ops-task event and every dead letter becomes one row per (business, type,
-- subject). A retry storm raises the same task again and again: the row counts occurrences instead of multiplying.
-- Numbered 20 so the conversation migrations keep their own sequence below it.
CREATE TABLE ops_task (
    id              bigserial PRIMARY KEY,
    business_id     text        NOT NULL,
    type            text        NOT NULL,
    subject         text        NOT NULL,
    conversation_id bigint,
    contact_id      bigint,
    reason          text        NOT NULL,
    evidence        jsonb       NOT NULL DEFAULT '{}',
    occurrences     integer     NOT NULL DEFAULT 1 CHECK (occurrences > 0),
    status          text        NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'RESOLVED')),
    assignee        text,
    snoozed_until   timestamptz,
    resolution_note text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_raised_at  timestamptz NOT NULL,
    resolved_at     timestamptz,
    -- A dead letter's position, so the task can re-drive exactly the record the operator looked at.
    dlt_topic       text,
    dlt_partition   integer,
    dlt_offset      bigint,
    CONSTRAINT ops_task_one_per_subject UNIQUE (business_id, type, subject),
    CONSTRAINT ops_task_resolved_has_time CHECK ((status = 'RESOLVED') = (resolved_at IS NOT NULL)),
    CONSTRAINT ops_task_dead_letter_position CHECK ((dlt_topic IS NULL) = (dlt_offset IS NULL))
);

CREATE INDEX ops_task_queue ON ops_task (status, id DESC);
CREATE INDEX ops_task_conversation ON ops_task (conversation_id) WHERE conversation_id IS NOT NULL;
