-- When the ingest accepted the webhook a reply answers (ReplyIntended.inboundReceivedAt): the start of the
-- end-to-end latency recorded when the send leaves. Null for agents' messages and intents from before v1.1.
ALTER TABLE outbound_message ADD COLUMN inbound_received_at timestamptz;
