-- Kiosks renew their client certificate themselves from a third of its life before the end; a
-- certificate with under 30 days left means renewal has been failing for months: warn IT staff.
INSERT INTO alert_rules (rule, enabled, threshold, for_seconds, severity) VALUES
    ('certificate-expiring', TRUE, 30, 0, 'warning');
