// What the page knows of the tenant's jobs: the newest snapshot of each, fed by the stream. Views listen for the
// jobs that changed; changes are handed over once per animation frame, so a thousand jobs updating ten times a
// second cost the page one render pass per frame, not ten thousand.

export class JobStore {
  constructor(stream) {
    this.jobs = new Map();        // job id -> JobState
    this.listeners = new Set();
    this.dirty = new Set();
    this.frame = 0;
    stream.on("snapshot", (message) => this.put(message.state));
    stream.on("progress", (message) => message.snapshot && this.put(message.snapshot.state));
  }

  put(state) {
    if (!state?.jobId) return;
    this.jobs.set(state.jobId, state);
    this.dirty.add(state.jobId);
    if (!this.frame) this.frame = requestAnimationFrame(() => this.flush());
  }

  get(jobId) {
    return this.jobs.get(jobId);
  }

  flush() {
    this.frame = 0;
    const changed = this.dirty;
    this.dirty = new Set();
    for (const listener of this.listeners) listener(changed);
  }

  /** Calls back with the set of changed job ids; returns a function that stops it. */
  listen(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
