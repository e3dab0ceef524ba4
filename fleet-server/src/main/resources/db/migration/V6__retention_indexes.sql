-- Retention prunes by the server's receive time (kiosk clocks drift); these indexes keep the
-- pruning a range scan instead of a full scan of a 10,000-kiosk × 30-day table.
CREATE INDEX health_received ON health (received_at);
CREATE INDEX reported_states_received ON reported_states (received_at);
