// One job: its progress, its alerts, stages as a waterfall, its previews and artifacts, ETA with its range over time, CPU and memory, checkpoints
// and attempts, its events, and the live log tail. Control buttons show only for keys with the control role.

import uPlot from "/webjars/uplot/1.6.30/dist/uPlot.esm.js";
import { alertTable, loadAlerts } from "./alerts.js";
import { api, ApiError } from "./api.js";
import { artifactsSection } from "./artifacts.js";
import { duration, el, eta, labels, number, percent, rate, TERMINAL, toast } from "./format.js";

const MAX_LOG_LINES = 5000;

export function jobView(root, { store, stream, me, jobId }) {
  const cleanups = [];
  const head = el("div", { class: "job-head" });
  const controls = el("div", { class: "controls" });
  const progress = el("div", { class: "job-progress" });
  const stages = el("div", { class: "waterfall", "aria-label": "Stages" });
  const counters = el("dl", { class: "counters" });
  const etaChart = el("div", { class: "chart", id: "eta-chart" });
  const cpuChart = el("div", { class: "chart", id: "cpu-chart" });
  const memChart = el("div", { class: "chart", id: "mem-chart" });
  const alerts = alertTable(store, { withJob: false, label: "Alerts about this job" });
  const attempts = el("ul", { class: "attempts" });
  const artifacts = artifactsSection(jobId);
  const events = el("ol", { class: "events" });
  const logBox = el("pre", { class: "logs", id: "log-tail", tabindex: "0", "aria-label": "Log tail" });
  const level = el("select", { "aria-label": "Log level" },
    ["ALL", "DEBUG", "INFO", "WARN", "ERROR"].map((l) => el("option", { value: l }, l === "ALL" ? "all levels" : `${l} and up`)));
  const search = el("input", { type: "search", placeholder: "Search the log", "aria-label": "Search the log" });
  const follow = el("span", { class: "follow" });
  let autoScroll = true;
  const lines = [];

  root.replaceChildren(
    el("p", { class: "crumbs" }, el("a", { href: "#/jobs" }, "Jobs"), " / ", el("span", { class: "mono" }, jobId)),
    head, controls, progress,
    el("section", { id: "job-alerts" }, el("h2", {}, "Alerts"), alerts.element),
    el("section", {}, el("h2", {}, "Stages"), stages),
    artifacts.element,
    el("div", { class: "grid" },
      el("section", {}, el("h2", {}, "ETA and its range"), etaChart),
      el("section", {}, el("h2", {}, "Counters"), counters)),
    el("div", { class: "grid" },
      el("section", {}, el("h2", {}, "CPU %"), cpuChart),
      el("section", {}, el("h2", {}, "Memory"), memChart)),
    el("section", {},
      el("h2", {}, "Log"),
      el("div", { class: "toolbar" }, level, search, follow,
        el("button", { type: "button", onclick: downloadLog }, "Full log")),
      logBox),
    el("div", { class: "grid" },
      el("section", {}, el("h2", {}, "Attempts and checkpoints"), attempts),
      el("section", {}, el("h2", {}, "Events"), events)));

  // --- charts -----------------------------------------------------------------------------------------------
  const etaSeries = [[], [], [], []];   // time (s), remaining, low, high (s)
  const cpuSeries = [[], []];
  const memSeries = [[], []];
  const width = () => Math.max(280, Math.min(560, root.clientWidth / 2 - 40));
  const plot = (target, series, opts) => new uPlot({ width: width(), height: 180, ...opts, series }, [[]], target);
  const seconds = (u, values) => values.map((v) => duration(v * 1000));
  const etaPlot = plot(etaChart, [{}, { label: "remaining", stroke: "#3b82f6", width: 2, value: (u, v) => v == null ? "–" : duration(v * 1000) },
    { label: "low", stroke: "#93c5fd", value: (u, v) => v == null ? "–" : duration(v * 1000) },
    { label: "high", stroke: "#93c5fd", value: (u, v) => v == null ? "–" : duration(v * 1000) }],
    { bands: [{ series: [3, 2], fill: "rgba(59,130,246,0.15)" }], axes: [{}, { values: seconds, size: 60 }] });
  const cpuPlot = plot(cpuChart, [{}, { label: "CPU %", stroke: "#10b981", width: 2 }], {});
  const memPlot = plot(memChart, [{}, { label: "RSS (MiB)", stroke: "#f59e0b", width: 2 }], {});

  /** Adds a point in time order (history arrives after the live state), ignoring one already there. */
  function insert(series, t, values) {
    const times = series[0];
    let i = times.length;
    while (i > 0 && times[i - 1] > t) i--;
    if (i > 0 && times[i - 1] === t) return false;
    times.splice(i, 0, t);
    values.forEach((v, k) => series[k + 1].splice(i, 0, v));
    return true;
  }

  function addEta(at, e) {
    if (insert(etaSeries, Date.parse(at) / 1000, [e.remainingMs / 1000, e.lowMs / 1000, e.highMs / 1000])) {
      etaPlot.setData(etaSeries);
    }
  }

  function addSample(at, cpu, rss) {
    const t = Date.parse(at) / 1000;
    if (insert(cpuSeries, t, [cpu]) && insert(memSeries, t, [rss / 1048576])) {
      cpuPlot.setData(cpuSeries);
      memPlot.setData(memSeries);
    }
  }

  // --- state --------------------------------------------------------------------------------------------------
  // The parts that change on every snapshot are made once and updated in place.
  const title = el("span");
  const badge = el("span", { class: "badge" });
  const meta = el("p", { class: "meta" });
  const fill = el("div", { class: "fill" });
  const bar = el("div", { class: "bar big", role: "progressbar", "aria-label": "progress", "aria-valuenow": "0" }, fill);
  const statusLine = el("p", { class: "status-line" });
  const etaLine = el("p", { class: "eta-line", id: "eta-text" });
  const outcomeLine = el("p", { class: "outcome" });
  const controlLine = el("p", { class: "control-line" });
  head.replaceChildren(el("h1", {}, title, badge), meta);
  progress.replaceChildren(bar, statusLine, etaLine, outcomeLine, controlLine);

  function render(state) {
    if (!state) return;
    title.textContent = state.jobType || "job";
    badge.textContent = state.status;
    badge.dataset.status = state.status;
    meta.replaceChildren(
      `attempt ${state.attempt || 0}`, state.executorId ? ` on ${state.executorId}` : "",
      state.batchId ? " · batch " : "", state.batchId ? el("a", { href: `#/jobs?batch=${encodeURIComponent(state.batchId)}` }, state.batchId) : "",
      state.labels && Object.keys(state.labels).length ? ` · ${labels(state.labels)}` : "",
      state.parameters && Object.keys(state.parameters).length ? ` · ${labels(state.parameters)}` : "");
    fill.style.width = percent(state.progress);
    bar.setAttribute("aria-valuenow", String(Math.floor((state.progress || 0) * 100)));
    statusLine.replaceChildren(
      el("strong", {}, percent(state.progress)),
      state.currentStage ? ` · ${state.currentStage}` : "",
      state.message ? ` · ${state.message}` : "",
      state.units ? ` · ${number(state.units.current)}${state.units.total ? ` / ${number(state.units.total)}` : ""} ${state.units.unit || ""}` : "",
      rate(state) ? ` · ${rate(state)}` : "");
    etaLine.textContent = eta(state) || (TERMINAL.has(state.status) ? "" : "no estimate yet");
    const outcome = state.outcome ? (state.outcome.summary || state.outcome.error || state.outcome.cancelReason || "") : "";
    outcomeLine.textContent = outcome;
    controlLine.textContent = state.control ? `${state.control.action.toLowerCase()} requested by `
      + `${state.control.requestedBy}${state.control.reason ? `: ${state.control.reason}` : ""}` : "";
    renderStages(state);
    counters.replaceChildren(...Object.entries(state.counters || {}).flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, number(v))]));
    if (!Object.keys(state.counters || {}).length) counters.replaceChildren(el("p", { class: "empty" }, "no counters"));
    if (state.eta) addEta(state.eta.estimatedAt, state.eta);
    if (state.resources) addSample(state.resources.sampledAt, state.resources.cpuPercent, state.resources.rssBytes);
    renderControls(state);
    artifacts.render(state);
  }

  function renderStages(state) {
    const start = Date.parse(state.startedAt || state.submittedAt || 0);
    const end = state.finishedAt ? Date.parse(state.finishedAt) : Date.now();
    const span = Math.max(1, end - start);
    const totalWeight = state.stages.reduce((sum, s) => sum + s.weight, 0) || 1;
    stages.replaceChildren(...state.stages.map((s) => {
      const from = s.startedAt ? Date.parse(s.startedAt) : null;
      const to = s.completedAt ? Date.parse(s.completedAt) : (from ? end : null);
      const bar = from == null ? el("div", { class: "span pending" })
        : el("div", { class: "span", style: `left:${((from - start) / span) * 100}%;width:${Math.max(0.5, ((to - from) / span) * 100)}%` },
          el("div", { class: "fill", style: `width:${percent(s.fraction)}` }));
      return el("div", { class: "stage-row", dataset: { status: s.status } },
        el("span", { class: "name" }, s.name),
        el("span", { class: "weight", title: "share of the job's progress" }, `${Math.round((s.weight / totalWeight) * 100)}%`),
        el("div", { class: "track" }, bar),
        el("span", { class: "took" }, `${percent(s.fraction)}${from != null ? ` · ${duration(to - from)}` : ""}`));
    }));
    if (!state.stages.length) stages.replaceChildren(el("p", { class: "empty" }, "no stages declared"));
  }

  let shownControls = "";
  function renderControls(state) {
    const wanted = !me.roles.includes("control") || TERMINAL.has(state.status) ? ""
      : state.status === "PAUSED" ? "paused" : "active";
    if (wanted === shownControls) return;
    shownControls = wanted;
    if (!wanted) {
      controls.replaceChildren();
      return;
    }
    const previous = document.getElementById("control-reason")?.value || "";
    const reason = el("input", { type: "text", placeholder: "reason (optional)", "aria-label": "Reason",
      id: "control-reason", value: previous });
    const act = (action) => async () => {
      try {
        await api(`/jobs/${encodeURIComponent(jobId)}/${action}`, { method: "POST", body: { reason: reason.value || null } });
        toast(`${action} requested`);
      } catch (e) {
        toast(`${action} refused: ${e.message}`, "error");
      }
    };
    controls.replaceChildren(reason,
      state.status === "PAUSED"
        ? el("button", { type: "button", id: "resume", onclick: act("resume") }, "Resume")
        : el("button", { type: "button", id: "pause", onclick: act("pause") }, "Pause"),
      el("button", { type: "button", id: "cancel", class: "danger", onclick: act("cancel") }, "Cancel"));
  }

  // --- logs ---------------------------------------------------------------------------------------------------
  const LEVELS = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];
  function shows(line) {
    const min = level.value === "ALL" ? 0 : LEVELS.indexOf(level.value);
    return LEVELS.indexOf(line.level) >= min
      && (!search.value || line.text.toLowerCase().includes(search.value.toLowerCase()));
  }
  function lineNode(line) {
    return el("div", { class: `line ${line.level.toLowerCase()}` },
      el("span", { class: "at" }, line.at?.slice(11, 23) || ""), " ", line.text);
  }
  function redrawLogs() {
    logBox.replaceChildren(...lines.filter(shows).map(lineNode));
    if (autoScroll) logBox.scrollTop = logBox.scrollHeight;
  }
  function addLines(message) {
    for (const line of message.lines) {
      lines.push(line);
      if (shows(line)) logBox.append(lineNode(line));
    }
    while (lines.length > MAX_LOG_LINES) { lines.shift(); logBox.firstChild?.remove(); }
    if (autoScroll) logBox.scrollTop = logBox.scrollHeight;
  }
  logBox.addEventListener("scroll", () => {
    autoScroll = logBox.scrollTop + logBox.clientHeight >= logBox.scrollHeight - 8;
    follow.textContent = autoScroll ? "following" : "paused — scroll to the bottom to follow";
  });
  follow.textContent = "following";
  level.addEventListener("change", redrawLogs);
  search.addEventListener("input", redrawLogs);

  async function downloadLog() {
    const all = [];
    let after = null;
    do {
      const page = await api(`/jobs/${encodeURIComponent(jobId)}/logs?limit=1000${after ? `&after=${after}` : ""}`);
      all.push(...page.items);
      after = page.items.length ? page.next : null;
    } while (after);
    const text = all.map(({ line }) => `${line.at} ${line.level} ${line.text}`).join("\n");
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "text/plain" })), download: `${jobId}.log` });
    link.click();
  }

  // --- alerts -------------------------------------------------------------------------------------------------
  function renderAlerts() {
    alerts.render([...store.alerts.values()].filter((a) => a.jobId === jobId), "No alerts about this job.");
  }

  // --- history ------------------------------------------------------------------------------------------------
  async function loadHistory() {
    try {
      const [page, resources] = await Promise.all([
        api(`/jobs/${encodeURIComponent(jobId)}/events?limit=500`),
        api(`/jobs/${encodeURIComponent(jobId)}/resources?limit=500`)]);
      for (const item of resources.items) {
        const e = item.payload || item;
        addSample(e.occurredAt, e.cpuPercent, e.rssBytes);
      }
      events.replaceChildren(...page.items.filter((i) => i.type !== "ResourceSampled").map((item) => {
        const e = item.payload || item;
        if (e.type === "EtaEstimated") addEta(e.occurredAt, e);
        return el("li", {}, el("span", { class: "at" }, e.occurredAt.slice(11, 19)), " ", e.type, describe(e));
      }));
      attempts.replaceChildren(...page.items.map((i) => i.payload || i).filter((e) =>
        ["JobStarted", "RetryScheduled", "CheckpointSaved", "JobFailed"].includes(e.type)).map((e) =>
        el("li", {}, el("span", { class: "at" }, e.occurredAt.slice(11, 19)), " ", attemptText(e))));
      if (!attempts.children.length) attempts.replaceChildren(el("p", { class: "empty" }, "not started yet"));
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) toast(`could not load the job's history: ${e.message}`, "error");
    }
  }

  // --- wiring -------------------------------------------------------------------------------------------------
  const known = store.get(jobId);
  if (known) render(known);
  else api(`/jobs/${encodeURIComponent(jobId)}`).then((s) => { store.put(s.state); }).catch((e) =>
    head.replaceChildren(el("h1", {}, "No such job"), el("p", { class: "error" }, e.message)));
  loadHistory();
  renderAlerts();
  loadAlerts(store, `/jobs/${encodeURIComponent(jobId)}/alerts?limit=100`).then(renderAlerts, (e) => {
    if (!(e instanceof ApiError && e.status === 404)) toast(`could not load the job's alerts: ${e.message}`, "error");
  });
  cleanups.push(store.listenAlerts((changed) => changed.some((a) => a.jobId === jobId) && renderAlerts()), alerts.stop);
  cleanups.push(store.listen((changed) => {
    if (!changed.has(jobId)) return;
    const state = store.get(jobId);
    render(state);
    if (TERMINAL.has(state.status)) loadHistory();
  }));
  cleanups.push(stream.on("logs", (m) => m.jobId === jobId && addLines(m)));
  cleanups.push(stream.subscribe({ jobIds: [jobId], logs: true }));
  const resize = () => [etaPlot, cpuPlot, memPlot].forEach((p) => p.setSize({ width: width(), height: 180 }));
  addEventListener("resize", resize);
  cleanups.push(() => removeEventListener("resize", resize));
  return () => { cleanups.forEach((c) => c()); [etaPlot, cpuPlot, memPlot].forEach((p) => p.destroy()); };
}

function describe(e) {
  switch (e.type) {
    case "StageStarted": case "StageCompleted": return ` ${e.stage}`;
    case "ProgressReported": return e.message ? ` ${e.message}` : e.fraction != null ? ` ${percent(e.fraction)}` : "";
    case "ControlRequested": return ` ${e.action.toLowerCase()}${e.reason ? `: ${e.reason}` : ""}`;
    case "JobFailed": return ` ${e.error}`;
    case "EtaEstimated": return ` ${duration(e.remainingMs)} left`;
    case "CheckpointSaved": return ` ${e.checkpoint}`;
    default: return "";
  }
}

function attemptText(e) {
  switch (e.type) {
    case "JobStarted": return `attempt ${e.attempt} started on ${e.executorId}`;
    case "RetryScheduled": return `attempt ${e.attempt} in ${duration(e.delayMs)}: ${e.cause}`;
    case "CheckpointSaved": return `checkpoint ${e.checkpoint}${e.stage ? ` in ${e.stage}` : ""}`;
    case "JobFailed": return `failed: ${e.error}`;
    default: return e.type;
  }
}

