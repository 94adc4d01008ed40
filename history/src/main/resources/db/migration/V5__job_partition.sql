-- The partition a job's events are read from. Every event of a job must come on the partition of its first one (the
-- key's partition under Java's murmur2 partitioner): offsets order a job's events only within one partition, so the
-- aggregator dead-letters an event of the job that arrives on another, with the reason, instead of folding it out of
-- order or skipping it as already applied. Jobs recorded before this column learn it from their first event.
ALTER TABLE jobs ADD COLUMN kafka_partition int;
UPDATE jobs SET kafka_partition = first.kafka_partition
FROM (SELECT DISTINCT ON (job_id) job_id, kafka_partition FROM job_events ORDER BY job_id, kafka_offset) AS first
WHERE jobs.job_id = first.job_id;
