-- What a job type usually does (its duration, its longest wait between progress reports) is learnt from its latest
-- successful jobs; the alert monitor asks for them by tenant and type.
CREATE INDEX jobs_succeeded_by_type ON jobs (tenant, job_type, finished_at DESC) WHERE status = 'SUCCEEDED';
