-- Each send writes its row three times (PENDING, SENDING, SENT), and none of those updates is HOT: status is in the
-- partial indexes' conditions. With PostgreSQL's default (vacuum once a fifth of the table is dead) the dead
-- versions pile up in outbound_message_due, which every claim reads. Vacuum once 1 % is dead instead.
ALTER TABLE outbound_message SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                                  autovacuum_analyze_scale_factor = 0.02);
