-- The way the customer last wrote in: an agent's message goes back the same way (through the gateway instance they
-- wrote through, or the Cloud API). Null until a customer's message says so; rows from before keep the Cloud API.
ALTER TABLE conversation_window
    ADD COLUMN channel          text CHECK (channel IN ('META_CLOUD', 'GATEWAY')),
    ADD COLUMN gateway_instance text,
    ADD CONSTRAINT conversation_window_gateway_has_instance
        CHECK ((channel = 'GATEWAY') = (gateway_instance IS NOT NULL));
