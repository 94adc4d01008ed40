-- One row per job: its latest snapshot plus the columns the history queries search by.
CREATE TABLE jobs (
    job_id       text PRIMARY KEY,
    tenant       text,
    job_type     text,
    status       text             NOT NULL,
    batch_id     text,
    labels       jsonb            NOT NULL DEFAULT '{}',
    progress     double precision NOT NULL,
    -- The snapshot's sequence: a row is only ever replaced by a newer snapshot, so replays change nothing.
    sequence     bigint           NOT NULL,
    snapshot     jsonb            NOT NULL,
    submitted_at timestamptz,
    started_at   timestamptz,
    finished_at  timestamptz,
    updated_at   timestamptz      NOT NULL
);

CREATE INDEX jobs_by_tenant_and_status ON jobs (tenant, status, updated_at DESC);
CREATE INDEX jobs_by_tenant_and_batch ON jobs (tenant, batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX jobs_by_labels ON jobs USING gin (labels jsonb_path_ops);
