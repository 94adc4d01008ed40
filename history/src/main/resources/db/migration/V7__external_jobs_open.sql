-- External jobs that have not ended, by when they last reported: the aggregator ends one that has been quiet for
-- longer than its idle timeout (its reporter died, or never reported at all) as timed out.
CREATE INDEX jobs_external_open ON jobs (updated_at)
    WHERE finished_at IS NULL AND (snapshot -> 'state' ->> 'external') = 'true';
