// The live stream: one WebSocket, opened with a single-use ticket (the key never goes into a URL), that reconnects
// by itself with backoff and resumes with the sequences and log positions it already has, so the page converges to
// the current state without a reload.

import { api, ApiError } from "./api.js";

const MAX_BACKOFF_MS = 10_000;

export class LiveStream {
  constructor() {
    this.handlers = new Map();          // message type -> Set of callbacks
    this.subscriptions = new Map();     // local id -> { message, server }
    this.sequences = new Map();         // job id -> last snapshot sequence held
    this.logMarks = new Map();          // job id -> { attempt, sequence } of the last log line held
    this.nextId = 1;
    this.attempt = 0;
    this.socket = null;
    this.stopped = false;
  }

  on(type, callback) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(callback);
    return () => this.handlers.get(type).delete(callback);
  }

  emit(type, message) {
    for (const callback of this.handlers.get(type) || []) callback(message);
  }

  start() {
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.socket?.close(1000, "signed out");
    this.setState("offline");
  }

  setState(state) {
    this.state = state;
    this.emit("connection", { state, attempt: this.attempt });
  }

  async connect() {
    if (this.stopped) return;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let ticket;
    try {
      ticket = (await api("/stream/tickets", { method: "POST" })).ticket;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.emit("unauthorized", e);
        return;
      }
      this.retry();
      return;
    }
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/api/v1/stream?ticket=${encodeURIComponent(ticket)}`);
    this.socket = socket;
    socket.onopen = () => {
      this.attempt = 0;
      this.setState("live");
      for (const [id, subscription] of this.subscriptions) this.sendSubscription(id, subscription);
    };
    socket.onmessage = (event) => this.receive(JSON.parse(event.data));
    socket.onclose = () => {
      if (this.socket === socket) this.retry();
    };
  }

  retry() {
    if (this.stopped) return;
    this.socket = null;
    this.attempt++;
    this.setState("reconnecting");
    const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.attempt - 1, 5));
    this.timer = setTimeout(() => this.connect(), backoff * (0.5 + Math.random()));
  }

  receive(message) {
    if (message.type === "snapshots") {
      // A coalesced subscription's newest state of each job that changed: handled as one snapshot each.
      for (const snapshot of message.snapshots) this.receive({ type: "snapshot", ...snapshot });
      return;
    }
    if (message.type === "snapshot") {
      const held = this.sequences.get(message.jobId) ?? -1;
      if (message.sequence <= held) return;   // an older state than the one on screen
      this.sequences.set(message.jobId, message.sequence);
    } else if (message.type === "logs" && message.lines.length) {
      const last = message.lines[message.lines.length - 1];
      this.logMarks.set(message.jobId, { attempt: last.attempt, sequence: last.sequence });
    } else if (message.type === "subscribed" && message.id) {
      const subscription = this.subscriptions.get(message.id);
      if (subscription) subscription.server = message.subscription;
    }
    this.emit(message.type, message);
  }

  /** Subscribes (now, and again after every reconnect); returns a function that unsubscribes. */
  subscribe(spec) {
    const id = `c${this.nextId++}`;
    const subscription = { message: { type: "subscribe", ...spec }, server: null };
    this.subscriptions.set(id, subscription);
    if (this.socket?.readyState === WebSocket.OPEN) this.sendSubscription(id, subscription);
    return () => {
      this.subscriptions.delete(id);
      if (subscription.server) this.send({ type: "unsubscribe", subscription: subscription.server });
    };
  }

  sendSubscription(id, subscription) {
    const message = { ...subscription.message, id };
    const jobs = message.jobIds || [...this.sequences.keys()];
    const since = {};
    for (const job of jobs) if (this.sequences.has(job)) since[job] = this.sequences.get(job);
    if (Object.keys(since).length) message.since = since;
    if (message.logs && message.jobIds) {
      const after = {};
      for (const job of message.jobIds) if (this.logMarks.has(job)) after[job] = this.logMarks.get(job);
      if (Object.keys(after).length) message.logsAfter = after;
    }
    this.send(message);
  }

  send(message) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }
}
