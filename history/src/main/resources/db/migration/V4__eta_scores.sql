-- How the ETA predictor's estimates did: for each job that succeeded, the estimate held when it first reached each
-- checkpoint of its progress (10, 25, 50, 75, 90 %), the truth, and the standardised residual the predictor
-- calibrates its ranges with. Keyed by (job, checkpoint), so a replayed finish inserts nothing twice.
CREATE TABLE eta_scores (
    job_id       text             NOT NULL,
    level        double precision NOT NULL,
    tenant       text             NOT NULL,
    job_type     text             NOT NULL,
    model        text             NOT NULL,
    estimated_ms bigint           NOT NULL,
    low_ms       bigint           NOT NULL,
    high_ms      bigint           NOT NULL,
    actual_ms    bigint           NOT NULL,
    z            double precision NOT NULL,
    finished_at  timestamptz      NOT NULL,
    PRIMARY KEY (job_id, level)
);
CREATE INDEX eta_scores_by_tenant ON eta_scores (tenant, job_type, finished_at DESC);
CREATE INDEX eta_scores_by_type ON eta_scores (job_type, finished_at DESC);
