-- Exactly once in effect: the offset of the last event folded into each job. Its events share one partition, so an
-- event at or below it has been applied already and is skipped on redelivery.
ALTER TABLE jobs ADD COLUMN last_offset bigint NOT NULL DEFAULT -1;
-- When the job is expected to finish, from its latest ETA; batch aggregates take the latest of these.
ALTER TABLE jobs ADD COLUMN expected_finish_at timestamptz;

-- Every event of every job, as received, including kinds this version does not know.
CREATE TABLE job_events (
    job_id          text        NOT NULL,
    event_id        uuid        NOT NULL,
    type            text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    source          text        NOT NULL,
    kafka_partition int         NOT NULL,
    kafka_offset    bigint      NOT NULL,
    payload         jsonb       NOT NULL,
    PRIMARY KEY (job_id, event_id)
);

-- Every log line; (job, attempt, sequence) identifies a line, so a redelivered batch inserts nothing twice.
CREATE TABLE job_logs (
    job_id   text        NOT NULL,
    attempt  int         NOT NULL,
    sequence bigint      NOT NULL,
    at       timestamptz NOT NULL,
    stream   text        NOT NULL,
    level    text        NOT NULL,
    text     text        NOT NULL,
    PRIMARY KEY (job_id, attempt, sequence)
);
CREATE INDEX job_logs_by_level ON job_logs (job_id, level, at);

-- How long each stage of each attempt took: what the ETA model learns from.
CREATE TABLE stage_durations (
    job_id       text             NOT NULL,
    attempt      int              NOT NULL,
    stage        text             NOT NULL,
    tenant       text,
    job_type     text,
    weight       double precision NOT NULL,
    started_at   timestamptz      NOT NULL,
    completed_at timestamptz      NOT NULL,
    duration_ms  bigint           NOT NULL,
    PRIMARY KEY (job_id, attempt, stage)
);
CREATE INDEX stage_durations_by_type ON stage_durations (job_type, stage, completed_at DESC);

-- The live-state rebuild and the queue counts read the active (NULL) and recently finished jobs.
CREATE INDEX jobs_by_finished_at ON jobs (finished_at);
