-- API keys of the gateway. Only a SHA-256 hash of each key is kept: the key itself is shown once, when it is made.
-- Keys are long random strings, so a fast hash is enough; a slow password hash would only slow every request down.
CREATE TABLE api_keys (
    key_id     text PRIMARY KEY,
    key_hash   text        NOT NULL UNIQUE,
    tenant     text        NOT NULL,
    name       text        NOT NULL,
    roles      text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX api_keys_by_tenant ON api_keys (tenant);
