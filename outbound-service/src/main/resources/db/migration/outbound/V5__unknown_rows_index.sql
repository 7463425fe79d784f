-- The rows gauge counts the open states every sweep; PENDING and SENDING have their partial indexes already.
CREATE INDEX outbound_message_unknown ON outbound_message (id) WHERE status = 'UNKNOWN';
