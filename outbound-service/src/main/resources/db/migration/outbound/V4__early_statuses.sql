-- A status webhook can overtake the answer to its own send: Meta's "sent" often arrives before the call returns,
-- and always before a timed-out call is recorded UNKNOWN. Such a status waits here, for its row's SENDING to end,
-- and is applied in the transaction that records the outcome.
CREATE TABLE early_status (
    outbound_id  bigint      NOT NULL REFERENCES outbound_message (id),
    state        text        NOT NULL CHECK (state IN ('SENT', 'DELIVERED', 'READ', 'FAILED')),
    business_id  text        NOT NULL,
    wamid        text,
    error_code   integer,
    reported_at  timestamptz NOT NULL,
    PRIMARY KEY (outbound_id, state)
);
