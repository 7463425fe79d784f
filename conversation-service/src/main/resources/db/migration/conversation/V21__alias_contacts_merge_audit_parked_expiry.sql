-- Numbered after V20 (ops tasks), already applied in deployed schemas: a lower number would be out of order.
-- The survivor's contact travels with the alias: a message of the merged contact that arrives under its old key
-- before the survivor has a conversation creates that conversation for the survivor, not for a contact that no
-- longer exists. Null for aliases made before this column (they fall back to the message's contact, as before).
ALTER TABLE conversation_key_alias ADD COLUMN contact_id bigint;

-- A lead field a merge copied from the other contact is audited like every other change; this says from whom.
ALTER TABLE lead_audit ADD COLUMN merged_from bigint;

-- Parked statuses whose message never arrives are purged after a retention (oldest first).
CREATE INDEX parked_status_age ON parked_status (parked_at);
