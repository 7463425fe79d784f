-- Events waiting to be published, written in the same transaction as the state change that caused them.
CREATE TABLE outbox_event (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     uuid        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    event_type   text        NOT NULL,
    payload      bytea       NOT NULL,
    -- headers beyond the CloudEvents ones (dead-letter reasons); they win over the defaults
    headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    traceparent  text,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    published_at timestamptz
);

-- The relay reads only what is unpublished, in id order.
CREATE INDEX outbox_event_unpublished ON outbox_event (id) WHERE published_at IS NULL;
CREATE INDEX outbox_event_published_at ON outbox_event (published_at) WHERE published_at IS NOT NULL;
