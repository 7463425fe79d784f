-- What a send goes through: WhatsApp's Cloud API, or the WhatsApp-Web gateway instance the customer wrote through
-- (the only way to reach a person known only by an @lid). Rows from before are Cloud API sends.
ALTER TABLE outbound_message
    ADD COLUMN channel          text NOT NULL DEFAULT 'META_CLOUD' CHECK (channel IN ('META_CLOUD', 'GATEWAY')),
    ADD COLUMN gateway_instance text;
