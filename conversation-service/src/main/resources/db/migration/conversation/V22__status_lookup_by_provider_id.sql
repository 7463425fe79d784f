-- A status finds its message by business and provider id, whatever channel reported it (Kapso reports the Cloud
-- API's own message ids). With the channel second in the unique key, such a lookup could bound its index scan by the
-- business alone: measured end to end, each batch of statuses read the whole business's part of the index (2,944
-- buffers for 12 statuses at 14,000 messages, growing with the table). The same columns with the provider id second:
-- uniqueness is unchanged, and ON CONFLICT infers a key from its columns in any order.
ALTER TABLE message DROP CONSTRAINT message_business_id_channel_provider_message_id_key;
ALTER TABLE message ADD CONSTRAINT message_provider_id_key UNIQUE (business_id, provider_message_id, channel);

ALTER TABLE parked_status DROP CONSTRAINT parked_status_pkey;
ALTER TABLE parked_status ADD PRIMARY KEY (business_id, provider_message_id, channel, status);
