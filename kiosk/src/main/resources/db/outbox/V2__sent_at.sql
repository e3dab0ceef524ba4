-- When a record was last sent (PUBACKed by the broker) and not yet confirmed stored by the
-- server; unconfirmed records are sent again after a while, and all of them after a restart.
ALTER TABLE outbox ADD COLUMN sent_at BIGINT;
