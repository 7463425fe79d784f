-- The outbox and the processed-event ids are queues: every outbox row is updated once (published) and both are
-- deleted after their retention. PostgreSQL's default vacuums a table once a fifth of it is dead, which on a table
-- of millions of rows lets dead rows pile up in the partial index the relay reads (outbox_event_unpublished) between
-- vacuums. Vacuum these once 1 % is dead instead.
ALTER TABLE outbox_event SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000,
                              autovacuum_analyze_scale_factor = 0.02);
ALTER TABLE processed_event SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
