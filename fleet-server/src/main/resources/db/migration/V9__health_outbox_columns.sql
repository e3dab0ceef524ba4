-- The kiosk outbox's figures of each health sample, typed: the telemetry-gap count reads them for an
-- hour of samples of every kiosk once a minute, and parsing every sample's JSON body for them cost
-- 1.2 million parses a minute at 10,000 kiosks. NULL on rows stored before this migration (and on
-- samples without outbox figures): the gap count then reads the body as before.
ALTER TABLE health ADD COLUMN outbox_dropped_health BIGINT;
ALTER TABLE health ADD COLUMN outbox_dropped_events BIGINT;
ALTER TABLE health ADD COLUMN outbox_oldest_age_seconds BIGINT;
