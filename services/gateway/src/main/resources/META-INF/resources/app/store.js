// What the page knows of the tenant's jobs and alerts: the newest snapshot of each job and the newest state of each
// alert, fed by the stream and by the REST lists the views load. Views listen for the jobs or alerts that changed;
// changes are handed over once per animation frame, so a thousand jobs updating ten times a second cost the page one
// render pass per frame, not ten thousand.

const SEVERITY_RANK = { INFO: 1, WARNING: 2, CRITICAL: 3 };

export class JobStore {
  constructor(stream) {
    this.jobs = new Map();        // job id -> JobState
    this.alerts = new Map();      // alert id -> alert, in the REST list's shape (see putAlert)
    this.openByJob = new Map();   // job id (null for the tenant's own) -> Map of its open alerts by id
    this.listeners = new Set();
    this.alertListeners = new Set();
    this.dirty = new Set();
    this.dirtyAlerts = new Map();
    this.frame = 0;
    stream.on("snapshot", (message) => this.put(message.state));
    stream.on("progress", (message) => message.snapshot && this.put(message.snapshot.state));
    stream.on("alert", (message) => this.putAlert(fromStream(message.alert)));
  }

  put(state) {
    if (!state?.jobId) return;
    this.jobs.set(state.jobId, state);
    this.dirty.add(state.jobId);
    this.flushSoon();
  }

  get(jobId) {
    return this.jobs.get(jobId);
  }

  /**
   * Takes an alert as the REST lists give it ({alertId, jobId, kind, severity, state, message, raisedAt, updatedAt,
   * resolvedAt, ...}) and keeps the newest state of it: the stream and a REST page may bring the same alert in either
   * order, and a resolved alert never opens again.
   */
  putAlert(alert) {
    const held = this.alerts.get(alert.alertId);
    if (held && (held.state === "RESOLVED" || Date.parse(held.updatedAt) > Date.parse(alert.updatedAt))) return;
    const merged = { ...held, ...alert, jobType: alert.jobType || held?.jobType };
    this.alerts.set(merged.alertId, merged);
    const jobId = merged.jobId ?? null;
    const open = this.openByJob.get(jobId) || new Map();
    if (isOpen(merged)) open.set(merged.alertId, merged);
    else open.delete(merged.alertId);
    if (open.size) this.openByJob.set(jobId, open);
    else this.openByJob.delete(jobId);
    this.dirtyAlerts.set(merged.alertId, merged);
    this.flushSoon();
  }

  /** A job's open alerts (the tenant's own with a null job id). */
  openAlerts(jobId) {
    const open = this.openByJob.get(jobId ?? null);
    return open ? [...open.values()] : NONE;
  }

  /** Every open alert of the tenant. */
  allOpenAlerts() {
    return [...this.openByJob.values()].flatMap((open) => [...open.values()]);
  }

  flushSoon() {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  flush() {
    this.frame = 0;
    const changed = this.dirty;
    const alerts = [...this.dirtyAlerts.values()];
    this.dirty = new Set();
    this.dirtyAlerts.clear();
    if (changed.size) for (const listener of this.listeners) listener(changed);
    if (alerts.length) for (const listener of this.alertListeners) listener(alerts);
  }

  /** Calls back with the set of changed job ids; returns a function that stops it. */
  listen(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Calls back with the alerts that changed (their newest state); returns a function that stops it. */
  listenAlerts(listener) {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }
}

const NONE = Object.freeze([]);

export function isOpen(alert) {
  return alert.state !== "RESOLVED";
}

/** The most severe of some alerts, or null when there are none. */
export function worstSeverity(alerts) {
  let worst = null;
  for (const a of alerts) if (!worst || (SEVERITY_RANK[a.severity] || 0) > (SEVERITY_RANK[worst] || 0)) worst = a.severity;
  return worst;
}

/** Open alerts first, the most severe and newest first; then resolved ones, the latest resolved first. */
export function alertOrder(a, b) {
  return (isOpen(b) - isOpen(a))
    || (isOpen(a) ? (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0) : 0)
    || Date.parse(b.resolvedAt || b.raisedAt) - Date.parse(a.resolvedAt || a.raisedAt);
}

/** An `alert` message's Alert (one change of it) in the shape of the REST lists. */
function fromStream(alert) {
  const { at, tenant, ...rest } = alert;
  return { ...rest, updatedAt: at, resolvedAt: alert.state === "RESOLVED" ? at : null };
}
