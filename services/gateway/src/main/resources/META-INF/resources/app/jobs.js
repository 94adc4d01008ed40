// The jobs table: every live job of the tenant, updated in place as snapshots arrive; filters and search apply on the
// page; older jobs come from the history a page at a time. Only the rows on screen are in the page (a virtual list).

import { api } from "./api.js";
import { showImage } from "./artifacts.js";
import { age, el, eta, labels, percent, rate, TERMINAL } from "./format.js";
import { worstSeverity } from "./store.js";

const ROW_HEIGHT = 44;   // px; rows have one fixed height, so a row's place is its index times this
const OVERSCAN = 8;      // rows drawn beyond each edge of the screen, so a quick scroll shows no gap

const STATUSES = ["QUEUED", "RUNNING", "PAUSED", "RETRYING", "SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT"];

export function jobsView(root, { store, query }) {
  const filters = {
    status: query.get("status") || "", type: query.get("type") || "", label: query.get("label") || "",
    batch: query.get("batch") || "", text: query.get("q") || "",
  };
  const entries = new Map();   // job id -> { state, matches }: every job the page knows, live or from history
  const order = [];             // job ids, newest first; jobs read from the history follow the live ones
  let shown = [];               // the ids in `order` that pass the filters
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
        el("div", { class: "job-row head", role: "row" }, ["Job", "Status", "Preview", "Type", "Labels", "Progress", "ETA", "Rate", "Age"]
          .map((h) => el("div", { role: "columnheader" }, h))),
        body)),
    empty,
    el("div", { class: "more" }, el("button", { type: "button", id: "older", onclick: loadOlder }, "Older jobs from history")));

  // A virtual list: only the rows on screen (and a few either side) exist in the page, drawn from a small pool of
  // row elements that scrolling moves and refills. A thousand jobs changing ten times a second cost what the few
  // visible ones do: the rest are data, not DOM. Each cell is written only when its text changes, and bars move by
  // transform, which costs no layout.
  const pool = [];              // row elements; pool[i] shows shown[first + i] of the last render
  let frame = 0;

  function newRow() {
    const bar = el("div", { class: "fill scale" });
    const cells = {
      id: el("a", { class: "mono" }), status: el("span", { class: "badge" }),
      alert: el("span", { class: "alert-mark", role: "img", hidden: true }),
      preview: el("img", { class: "preview-thumb", alt: "", hidden: true }),
      type: cell(), labels: cell("labels"),
      bar, stage: el("span", { class: "stage" }),
      eta: cell("eta"), rate: cell(), age: cell(),
    };
    const tr = el("div", { class: "job-row", role: "row" },
      cell("", cells.id), cell("", cells.status, cells.alert), cell("preview-cell", cells.preview), cells.type,
      cells.labels,
      cell("progress-cell", el("div", { class: "bar", role: "progressbar", "aria-label": "progress" }, bar), cells.stage),
      cells.eta, cells.rate, cells.age);
    const entry = { row: tr, cells, jobId: null, shown: {} };
    body.append(tr);
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
    if (entry.jobId !== state.jobId) {
      entry.jobId = state.jobId;
      entry.shown = {};
      tr.dataset.job = state.jobId;
      cells.id.href = `#/jobs/${encodeURIComponent(state.jobId)}`;
      cells.id.textContent = state.jobId.slice(0, 8);
    }
    if (tr.dataset.status !== state.status) tr.dataset.status = state.status;
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
    paintAlerts(entry, store.openAlerts(state.jobId));
    paintPreview(entry, state);
  }

  /** The job's latest preview, as its thumbnail; fetched once per image, whichever row shows it. */
  function paintPreview({ cells, shown }, state) {
    const preview = state.preview;
    const key = preview ? `${state.jobId}/${preview.sha256}` : "";
    if (shown.preview === key) return;
    shown.preview = key;
    cells.preview.hidden = !preview;
    if (!preview) {
      cells.preview.removeAttribute("src");
      delete cells.preview.dataset.wanted;
      return;
    }
    cells.preview.alt = `latest preview: ${preview.name}`;
    showImage(cells.preview, state.jobId, preview, preview.thumbnail ? "thumbnail" : "image");
  }

  /** The job's open alerts as one mark by its status: the worst severity and how many; their kinds on hover. */
  function paintAlerts({ cells, shown }, open) {
    const key = open.length ? open.map((a) => a.alertId + a.updatedAt).join() : "";
    if (shown.alerts === key) return;
    shown.alerts = key;
    cells.alert.hidden = !open.length;
    if (!open.length) return;
    const severity = worstSeverity(open);
    cells.alert.dataset.severity = severity;
    cells.alert.textContent = `⚠ ${open.length}`;
    cells.alert.setAttribute("aria-label", `${open.length} open alert${open.length > 1 ? "s" : ""}, ${severity}`);
    cells.alert.title = open.map((a) => `${a.kind} (${a.severity})${a.message ? `: ${a.message}` : ""}`).join("\n");
  }

  /** Fits the pool to the rows on screen and fills it; reads the layout once, before any write. */
  function render() {
    frame = 0;
    const height = innerHeight || 800;
    const top = Math.max(0, -body.getBoundingClientRect().top);
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(shown.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    body.style.height = `${shown.length * ROW_HEIGHT}px`;
    while (pool.length < last - first) pool.push(newRow());
    pool.forEach((entry, i) => {
      const index = first + i;
      if (index >= last) {
        if (!entry.row.hidden) {
          entry.row.hidden = true;
          entry.jobId = null;
          delete entry.row.dataset.job;
          delete entry.row.dataset.status;
        }
        return;
      }
      entry.row.hidden = false;
      entry.row.style.transform = `translateY(${index * ROW_HEIGHT}px)`;
      entry.row.setAttribute("aria-rowindex", index + 2);   // the header is row 1
      paint(entry, entries.get(shown[index]).state);
    });
  }

  function renderSoon() {
    if (!frame) frame = requestAnimationFrame(render);
  }

  /** Takes a job's newest state; returns whether the list of rows shown has to be worked out again. */
  function put(state, atTop) {
    let entry = entries.get(state.jobId);
    if (!entry) {
      entry = { state, matches: matches(state) };
      entries.set(state.jobId, entry);
      if (atTop) order.unshift(state.jobId);
      else order.push(state.jobId);
      return true;
    }
    entry.state = state;
    const now = matches(state);
    if (now === entry.matches) return false;
    entry.matches = now;
    return true;
  }

  function refilter() {
    shown = order.filter((jobId) => entries.get(jobId).matches);
  }

  /** Jobs that changed: rows on screen are repainted; the list is worked out again only when it changed. */
  function changed(jobIds) {
    let structural = false;
    for (const jobId of jobIds) {
      const state = store.get(jobId);
      if (state && put(state, true)) structural = true;
    }
    if (structural) {
      refilter();
      counts();
      renderSoon();
      return;
    }
    repaint(jobIds);
  }

  /** Repaints the rows on screen of these jobs. */
  function repaint(jobIds) {
    for (const entry of pool) {
      if (entry.jobId && jobIds.has(entry.jobId)) paint(entry, entries.get(entry.jobId).state);
    }
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
    for (const entry of entries.values()) entry.matches = matches(entry.state);
    refilter();
    counts();
    render();
    const q = new URLSearchParams(Object.entries({ status: filters.status, type: filters.type, label: filters.label,
      batch: filters.batch, q: filters.text }).filter(([, v]) => v));
    history.replaceState(null, "", `#/jobs${q.size ? `?${q}` : ""}`);
  }

  function counts() {
    const text = `${shown.length} shown of ${entries.size}`;
    const count = document.getElementById("job-count");
    if (count.textContent !== text) count.textContent = text;
    const table = document.getElementById("jobs-table");
    if (table) table.setAttribute("aria-rowcount", shown.length + 1);
    empty.hidden = entries.size > 0;
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
      if (!entries.has(summary.jobId)) put({ ...summary, jobType: summary.type }, false);   // older jobs go last
    }
    refilter();
    render();
    cursor = page.next || null;
    older = document.getElementById("older");
    if (older) older.disabled = !cursor;
    counts();
  }

  loadOlder().catch(() => {});   // the latest finished jobs too, not only the running ones
  [...store.jobs.values()].sort((a, b) => (a.submittedAt || "").localeCompare(b.submittedAt || ""))
    .forEach((state) => put(state, true));
  refilter();
  counts();
  render();
  const stopListening = store.listen(changed);
  const stopAlerts = store.listenAlerts((alerts) => repaint(new Set(alerts.map((a) => a.jobId))));
  const onScroll = () => renderSoon();
  addEventListener("scroll", onScroll, { passive: true });
  addEventListener("resize", onScroll, { passive: true });
  const ticker = setInterval(() => {   // ages move on without any message
    for (const entry of pool) {
      const state = entry.jobId && entries.get(entry.jobId)?.state;
      if (state) set(entry, "age", entry.cells.age, age(state.submittedAt));
    }
  }, 1000);
  return () => {
    stopListening();
    stopAlerts();
    clearInterval(ticker);
    cancelAnimationFrame(frame);
    removeEventListener("scroll", onScroll);
    removeEventListener("resize", onScroll);
  };
}
