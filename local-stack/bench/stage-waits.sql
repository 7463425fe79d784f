-- Where the last :n replies of an end-to-end run waited: the median of each hop, in milliseconds, from the
-- services' own timestamps in the benchmark's database (kept after a run), joined by trace id.
--   psql -h 127.0.0.1 -U postgres -d leadline_bench -v n=12000 -f local-stack/bench/stage-waits.sql
-- An outbox row's created_at is its insert (clock_timestamp()), its published_at the broker's acknowledgement;
-- outbound_message.created_at is the start of the consumer's transaction (now()), sending_at the claim's.
WITH identity AS (
    SELECT split_part(traceparent, '-', 2) AS trace, created_at, published_at
    FROM identity.outbox_event WHERE event_type LIKE '%InboundMessageResolved'),
conversation AS (
    SELECT split_part(traceparent, '-', 2) AS trace, min(created_at) AS created_at, min(published_at) AS published_at
    FROM conversation.outbox_event WHERE event_type LIKE '%MessageAccepted' GROUP BY 1),
ai AS (
    SELECT split_part(traceparent, '-', 2) AS trace, created_at, published_at
    FROM ai.outbox_event WHERE event_type LIKE '%ReplyIntended'),
outbound AS (
    SELECT split_part(traceparent, '-', 2) AS trace, created_at, sending_at, sent_at FROM outbound.outbound_message),
hops AS (
    SELECT i.created_at AS identity_row, i.published_at AS identity_acked,
           c.created_at AS conversation_row, c.published_at AS conversation_acked,
           a.created_at AS ai_row, a.published_at AS ai_acked,
           o.created_at AS outbound_row, o.sending_at AS claimed, o.sent_at AS sent
    FROM outbound o JOIN identity i USING (trace) JOIN conversation c USING (trace) JOIN ai a USING (trace)
    ORDER BY o.created_at DESC LIMIT :n)
SELECT count(*) AS replies,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM identity_acked - identity_row) * 1000) AS identity_relay,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM conversation_row - identity_acked) * 1000) AS to_conversation,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM conversation_acked - conversation_row) * 1000) AS conversation_relay,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ai_row - conversation_acked) * 1000) AS to_ai,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM ai_acked - ai_row) * 1000) AS ai_relay,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM outbound_row - ai_acked) * 1000) AS to_outbound,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM claimed - outbound_row) * 1000) AS claim_wait,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent - claimed) * 1000) AS call,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM sent - identity_row) * 1000) AS identity_to_sent
FROM hops;
