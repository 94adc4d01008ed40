-- When each job last reported itself: its latest event from its own code or executor, not the platform's estimates
-- (the eta-predictor keeps estimating a silent job, which moves updated_at). The aggregator ends an external job that
-- has not ended and has been quiet for longer than its idle timeout (its reporter died, or never reported at all) as
-- timed out; the index finds those.
ALTER TABLE jobs ADD COLUMN reported_at timestamptz;
UPDATE jobs SET reported_at = updated_at WHERE finished_at IS NULL;
CREATE INDEX jobs_external_quiet ON jobs (reported_at)
    WHERE finished_at IS NULL AND (snapshot -> 'state' ->> 'external') = 'true';
