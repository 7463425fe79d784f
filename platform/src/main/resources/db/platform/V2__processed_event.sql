-- Event ids a consumer has applied, recorded in the same transaction as the change: a redelivery is a no-op.
CREATE TABLE processed_event (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
