-- Alerts (issue 14). The aggregator raises, updates and resolves them; the gateway serves them, manages rules and
-- channels, and delivers. docs/alerts.md says how they work.

-- One row per alert: its latest state. An alert is about a job, or (job_id NULL) about the tenant's own setup.
CREATE TABLE alerts (
    alert_id    uuid PRIMARY KEY,
    tenant      text        NOT NULL,
    job_id      text,
    job_type    text,
    kind        text        NOT NULL,
    rule_id     uuid,
    severity    text        NOT NULL,
    state       text        NOT NULL,
    message     text,
    raised_at   timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    resolved_at timestamptz
);
CREATE INDEX alerts_by_tenant ON alerts (tenant, raised_at DESC);
CREATE INDEX alerts_by_job ON alerts (job_id, raised_at DESC);
CREATE INDEX alerts_open ON alerts (job_id) WHERE state <> 'RESOLVED';

-- Every change of every alert, in order: its history.
CREATE TABLE alert_changes (
    alert_id uuid        NOT NULL REFERENCES alerts ON DELETE CASCADE,
    state    text        NOT NULL,
    message  text,
    at       timestamptz NOT NULL,
    PRIMARY KEY (alert_id, at, state)
);

-- A tenant's threshold rules on a job's counters, rate or resources, e.g. issuesFound > 0, cpuPercent > 90 for 60 s.
CREATE TABLE alert_rules (
    rule_id    uuid PRIMARY KEY,
    tenant     text             NOT NULL,
    name       text             NOT NULL,
    job_type   text,                       -- NULL: jobs of every type
    metric     text             NOT NULL,  -- a counter's name, or progress, unitsPerSecond, cpuPercent, rssBytes, elapsedSeconds
    comparison text             NOT NULL,  -- >, >=, <, <=, ==, !=
    threshold  double precision NOT NULL,
    for_ms     bigint           NOT NULL DEFAULT 0,
    severity   text             NOT NULL,
    created_at timestamptz      NOT NULL
);
CREATE INDEX alert_rules_by_tenant ON alert_rules (tenant);

-- Where a tenant's alerts go: a webhook (signed with its secret) or an email address.
CREATE TABLE alert_channels (
    channel_id           uuid PRIMARY KEY,
    tenant               text        NOT NULL,
    kind                 text        NOT NULL CHECK (kind IN ('WEBHOOK', 'EMAIL')),
    target               text        NOT NULL,  -- the URL or the address
    secret               text,                  -- webhooks: the HMAC-SHA256 signing secret
    min_severity         text        NOT NULL DEFAULT 'INFO',
    enabled              boolean     NOT NULL DEFAULT true,
    consecutive_failures int         NOT NULL DEFAULT 0,
    disabled_reason      text,
    created_at           timestamptz NOT NULL
);
CREATE INDEX alert_channels_by_tenant ON alert_channels (tenant);

-- The outbox: one row per alert change (raised, resolved) per channel, written in the transaction that records the
-- change, so a restart loses no delivery; deliverers lease due rows (FOR UPDATE SKIP LOCKED), so any number of them
-- share the work and none blocks another tenant's.
CREATE TABLE alert_deliveries (
    delivery_id     uuid PRIMARY KEY,
    channel_id      uuid        NOT NULL REFERENCES alert_channels ON DELETE CASCADE,
    tenant          text        NOT NULL,
    alert_id        uuid,                   -- NULL for a test delivery
    change_state    text,
    change_at       timestamptz,
    payload         jsonb       NOT NULL,   -- the Alert as it is sent
    status          text        NOT NULL,   -- PENDING, DELIVERED, FAILED (given up)
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz
);
CREATE UNIQUE INDEX alert_deliveries_once ON alert_deliveries (channel_id, alert_id, change_state, change_at)
    WHERE alert_id IS NOT NULL;
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX alert_deliveries_by_channel ON alert_deliveries (channel_id, created_at DESC);

-- Each attempt of each delivery: the delivery log users read over REST.
CREATE TABLE alert_delivery_attempts (
    delivery_id uuid        NOT NULL REFERENCES alert_deliveries ON DELETE CASCADE,
    attempt     int         NOT NULL,
    at          timestamptz NOT NULL,
    outcome     text        NOT NULL,   -- DELIVERED, FAILED
    http_status int,
    detail      text,
    duration_ms bigint      NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
