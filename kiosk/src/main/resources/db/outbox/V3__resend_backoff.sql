-- How often a record went out without a confirmation, and when it is due again: the wait doubles
-- with each send (30 s, 1 min, 2 min ... at most 10 min), so a server that is slow to confirm in a
-- reconnect storm is not sent the whole backlog again every 30 s.
ALTER TABLE outbox ADD COLUMN sends INT DEFAULT 0 NOT NULL;
ALTER TABLE outbox ADD COLUMN resend_at BIGINT;
UPDATE outbox SET resend_at = sent_at + 30000, sends = 1 WHERE sent_at IS NOT NULL;
