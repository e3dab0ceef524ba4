-- Periodic jobs (alert evaluation, rollout waves, retention) run on one instance at a time: the
-- instance holding a job's lease runs it; the token rises with every change of holder, so work
-- done under a lease that has since moved can be recognised and refused (fencing).
CREATE TABLE job_leases (
    job               VARCHAR(64)  PRIMARY KEY,
    holder            VARCHAR(64)  NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    token             BIGINT       NOT NULL
);
