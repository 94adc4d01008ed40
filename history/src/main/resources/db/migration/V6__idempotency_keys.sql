-- Idempotency keys of submissions, kept durably: a retry with the same key must answer with the first request's job
-- even after Redis lost everything. A row is a claim while response is NULL (its request is being accepted) and an
-- answer once it is set. Expired rows are free to claim again and are deleted as claims pass over them.
CREATE TABLE idempotency_keys (
    tenant       text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    response     text,
    claimed_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant, key)
);
CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
