// The jobs table: every live job of the tenant, updated in place as snapshots arrive; filters and search apply on the
// page; older jobs come from the history a page at a time.

import { api } from "./api.js";
import { age, el, eta, labels, percent, rate, TERMINAL } from "./format.js";

const STATUSES = ["QUEUED", "RUNNING", "PAUSED", "RETRYING", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT"];

export function jobsView(root, { store, query }) {
  const filters = {
    status: query.get("status") || "", type: query.get("type") || "", label: query.get("label") || "",
    batch: query.get("batch") || "", text: query.get("q") || "",
  };
  const rows = new Map();   // job id -> { row, cells }
  const body = el("div", { class: "rows", role: "rowgroup" });
  const empty = el("p", { class: "empty" }, "No jobs yet. Submit one, or report one from your own code.");
  let cursor = null;
  let older = null;

  const input = (name, placeholder, label) => el("input", {
    type: "search", value: filters[name], placeholder, "aria-label": label,
    oninput: (e) => { filters[name] = e.target.value.trim(); applyFilters(); },
  });
  const status = el("select", { "aria-label": "Status", onchange: (e) => { filters.status = e.target.value; applyFilters(); } },
    el("option", { value: "" }, "any status"), STATUSES.map((s) => el("option", { value: s, selected: s === filters.status }, s)));

  root.replaceChildren(
    el("div", { class: "toolbar" },
      el("h1", {}, "Jobs"), el("span", { class: "count", id: "job-count" }),
      input("text", "Search id, type, message", "Search jobs"), status,
      input("type", "type", "Job type"), input("label", "label key=value", "Label"),
      input("batch", "batch", "Batch")),
    el("div", { class: "table-wrap" },
      el("div", { class: "jobs", id: "jobs-table", role: "table", "aria-label": "Jobs" },
        el("div", { class: "job-row head", role: "row" }, ["Job", "Status", "Type", "Labels", "Progress", "ETA", "Rate", "Age"]
          .map((h) => el("div", { role: "columnheader" }, h))),
        body)),
    empty,
    el("div", { class: "more" }, el("button", { type: "button", id: "older", onclick: loadOlder }, "Older jobs from history")));

  // Only rows on screen are painted: with a thousand jobs changing ten times a second, the rest wait, marked stale,
  // until they scroll into view. Each cell is written only when its text changes, and bars move by transform, which
  // costs no layout.
  const visible = new Set();
  const observer = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      const jobId = entry.target.dataset.job;
      if (entry.isIntersecting) {
        visible.add(jobId);
        const current = rows.get(jobId);
        if (current?.stale) paint(current, store.get(jobId) || current.summary);
      } else {
        visible.delete(jobId);
      }
    }
  }, { rootMargin: "200px" });

  function row(state) {
    let entry = rows.get(state.jobId);
    if (!entry) {
      const bar = el("div", { class: "fill scale" });
      const cells = {
        id: el("a", { href: `#/jobs/${encodeURIComponent(state.jobId)}`, class: "mono" }, state.jobId.slice(0, 8)),
        status: el("span", { class: "badge" }),
        type: cell(), labels: cell("labels"),
        bar, stage: el("span", { class: "stage" }),
        eta: cell("eta"), rate: cell(), age: cell(),
      };
      const tr = el("div", { class: "job-row", role: "row", dataset: { job: state.jobId } },
        cell("", cells.id), cell("", cells.status), cells.type, cells.labels,
        cell("progress-cell", el("div", { class: "bar", role: "progressbar", "aria-label": "progress" }, bar), cells.stage),
        cells.eta, cells.rate, cells.age);
      entry = { row: tr, cells, shown: {} };
      rows.set(state.jobId, entry);
      body.prepend(tr);
      observer.observe(tr);
      paint(entry, state);
      return entry;
    }
    const hide = !matches(state);
    if (entry.row.hidden !== hide) entry.row.hidden = hide;
    if (entry.row.dataset.status !== state.status) entry.row.dataset.status = state.status;
    if (visible.has(state.jobId)) paint(entry, state);
    else entry.stale = true;
    return entry;
  }

  function cell(className = "", ...children) {
    return el("div", { role: "cell", class: className || null }, ...children);
  }

  function set(entry, name, node, text) {
    if (entry.shown[name] !== text) {
      entry.shown[name] = text;
      node.textContent = text;
    }
  }

  function paint(entry, state) {
    const { row: tr, cells } = entry;
    entry.stale = false;
    set(entry, "status", cells.status, state.status);
    if (cells.status.dataset.status !== state.status) cells.status.dataset.status = state.status;
    set(entry, "type", cells.type, state.jobType || "");
    set(entry, "labels", cells.labels, labels(state.labels));
    const progress = Math.max(0, Math.min(1, state.progress || 0));
    if (entry.shown.progress !== progress) {
      entry.shown.progress = progress;
      cells.bar.style.transform = `scaleX(${progress})`;
      cells.bar.parentElement.setAttribute("aria-valuenow", Math.floor(progress * 100));
    }
    set(entry, "stage", cells.stage, [percent(state.progress), state.currentStage, state.message].filter(Boolean).join(" · "));
    set(entry, "eta", cells.eta, eta(state));
    set(entry, "rate", cells.rate, TERMINAL.has(state.status) ? "" : rate(state));
    set(entry, "age", cells.age, age(state.submittedAt));
    const hide = !matches(state);
    if (tr.hidden !== hide) tr.hidden = hide;
    if (tr.dataset.status !== state.status) tr.dataset.status = state.status;
  }

  function matches(state) {
    if (filters.status && state.status !== filters.status) return false;
    if (filters.type && !(state.jobType || "").includes(filters.type)) return false;
    if (filters.batch && state.batchId !== filters.batch) return false;
    if (filters.label) {
      const [k, v] = filters.label.split("=");
      if (!(k in (state.labels || {})) || (v !== undefined && state.labels[k] !== v)) return false;
    }
    if (filters.text) {
      const hay = `${state.jobId} ${state.jobType} ${state.message || ""} ${labels(state.labels)}`.toLowerCase();
      if (!hay.includes(filters.text.toLowerCase())) return false;
    }
    return true;
  }

  function applyFilters() {
    for (const [jobId, entry] of rows) {
      const state = store.get(jobId) || entry.summary;
      if (state) entry.row.hidden = !matches(state);
    }
    counts();
    const q = new URLSearchParams(Object.entries({ status: filters.status, type: filters.type, label: filters.label,
      batch: filters.batch, q: filters.text }).filter(([, v]) => v));
    history.replaceState(null, "", `#/jobs${q.size ? `?${q}` : ""}`);
  }

  function counts() {
    let shown = 0;
    for (const r of rows.values()) if (!r.row.hidden) shown++;
    document.getElementById("job-count").textContent = `${shown} shown of ${rows.size}`;
    empty.hidden = rows.size > 0;
  }

  async function loadOlder() {
    const params = new URLSearchParams({ limit: "50" });
    if (cursor) params.set("cursor", cursor);
    if (filters.status) params.set("status", filters.status);
    if (filters.type) params.set("type", filters.type);
    if (filters.batch) params.set("batchId", filters.batch);
    if (filters.label.includes("=")) params.set("label", filters.label.replace("=", ":"));
    const page = await api(`/jobs?${params}`);
    for (const summary of page.items) {
      if (rows.has(summary.jobId)) continue;
      const state = { ...summary, jobType: summary.type };
      const entry = row(state);
      entry.summary = state;
      body.append(entry.row);   // older jobs go to the bottom
    }
    cursor = page.next || null;
    older = document.getElementById("older");
    if (older) older.disabled = !cursor;
    counts();
  }

  loadOlder().catch(() => {});   // the latest finished jobs too, not only the running ones
  const sorted = [...store.jobs.values()].sort((a, b) => (a.submittedAt || "").localeCompare(b.submittedAt || ""));
  sorted.forEach(row);
  counts();
  const stopListening = store.listen((changed) => {
    for (const jobId of changed) row(store.get(jobId));
    counts();
  });
  const ticker = setInterval(() => {   // ages move on without any message
    for (const jobId of visible) {
      const entry = rows.get(jobId);
      const state = store.get(jobId) || entry?.summary;
      if (state) set(entry, "age", entry.cells.age, age(state.submittedAt));
    }
  }, 1000);
  return () => { stopListening(); clearInterval(ticker); observer.disconnect(); };
}
