// Alerts: what needs attention among the tenant's jobs (stalled, slower than usual, failed, beyond a threshold) and
// in its own setup. The store keeps them live from the stream; lists come from GET /alerts when the page signs in,
// when it reconnects (to learn what changed while it was away), and when a view that shows them opens. Never polled.

import { api, ApiError } from "./api.js";
import { ago, duration, el, keepAgesCurrent } from "./format.js";
import { alertOrder, isOpen } from "./store.js";

const MAX_OPEN_PAGES = 10;   // of 200 open alerts each, read at sign-in; a tenant with more has a different problem
const SEVERITIES = ["CRITICAL", "WARNING", "INFO"];

/** Reads one page of alerts into the store; returns the cursor of the next page, or null. */
export async function loadAlerts(store, path) {
  const page = await api(path);
  page.items.forEach((alert) => store.putAlert(alert));
  return page.next || null;
}

/**
 * Reads the tenant's open alerts into the store. Alerts the page holds open that are no longer in that list were
 * resolved while the page was not listening: each is read again, so it shows resolved.
 */
export async function loadOpenAlerts(store) {
  const listed = new Set();
  let cursor = null;
  let pages = 0;
  do {
    const page = await api(`/alerts?${new URLSearchParams({ state: "open", limit: "200", ...(cursor && { cursor }) })}`);
    page.items.forEach((alert) => { listed.add(alert.alertId); store.putAlert(alert); });
    cursor = page.next || null;
  } while (cursor && ++pages < MAX_OPEN_PAGES);
  if (cursor) return;   // not the whole list: it cannot tell which alerts were resolved
  const gone = [...store.alerts.values()].filter((alert) => isOpen(alert) && !listed.has(alert.alertId));
  await Promise.all(gone.map(async ({ alertId }) => {
    try {
      const { changes, ...alert } = await api(`/alerts/${encodeURIComponent(alertId)}`);
      store.putAlert(alert);
    } catch (e) {
      // Not in the history (yet): the stream's copy is all there is, and stays as it is.
      if (!(e instanceof ApiError && e.status === 404)) throw e;
    }
  }));
}

/**
 * A table of alerts, with the job each is about when `withJob`; `render` makes its rows again (alerts change seldom),
 * or says `emptyText` when there are none; the ages in it move on by themselves until `stop`.
 */
export function alertTable(store, { withJob, label }) {
  const body = el("tbody");
  const columns = ["Severity", "Alert", withJob ? "Job" : null, "Message", "Raised", "State"].filter(Boolean);
  const table = el("table", { class: "alerts", "aria-label": label },
    el("thead", {}, el("tr", {}, columns.map((name) => el("th", { scope: "col" }, name)))), body);
  const empty = el("p", { class: "empty" });
  const element = el("div", { class: "alert-table" }, el("div", { class: "table-wrap" }, table), empty);

  function row(alert) {
    return el("tr", { dataset: { alert: alert.alertId, state: alert.state, severity: alert.severity } },
      el("td", {}, severityBadge(alert.severity)),
      // A threshold alert's message starts with its rule's name; the rule's id is for the API, in the tooltip.
      el("td", { class: "kind", title: alert.ruleId ? `rule ${alert.ruleId}` : "" }, alert.kind),
      withJob ? el("td", {}, subject(alert)) : null,
      el("td", { class: "message" }, alert.message || ""),
      el("td", {}, ago(alert.raisedAt)),
      el("td", { class: "state" }, isOpen(alert)
        ? el("span", { class: "open" }, "open", alert.state === "UPDATED" ? [" · updated ", ago(alert.updatedAt)] : null)
        : ["resolved ", ago(alert.resolvedAt),
          ` · lasted ${duration(Date.parse(alert.resolvedAt) - Date.parse(alert.raisedAt))}`]));
  }

  function subject(alert) {
    if (!alert.jobId) return el("span", { class: "meta" }, "your tenant");
    const type = alert.jobType || store.get(alert.jobId)?.jobType;
    return el("a", { href: `#/jobs/${encodeURIComponent(alert.jobId)}` },
      type ? `${type} ` : "", el("span", { class: "mono" }, alert.jobId.slice(0, 8)));
  }

  function render(alerts, emptyText) {
    body.replaceChildren(...[...alerts].sort(alertOrder).map(row));
    table.parentElement.hidden = !alerts.length;
    empty.hidden = alerts.length > 0;
    empty.textContent = emptyText;
  }

  return { element, render, stop: keepAgesCurrent(element) };
}

function severityBadge(severity) {
  return el("span", { class: "severity", dataset: { severity } }, severity);
}

/** The tenant's alerts: open ones (and, on asking, resolved ones a page at a time), each linking to its job. */
export function alertsView(root, { store, query }) {
  const filters = { state: query.get("state") === "all" ? "all" : "open", severity: query.get("severity") || "" };
  const table = alertTable(store, { withJob: true, label: "Alerts" });
  const count = el("span", { class: "count", id: "alerts-shown" });
  const error = el("p", { class: "error", role: "alert" });
  const older = el("button", { type: "button", id: "older-alerts", onclick: () => loadOlder().catch(failed) },
    "Older alerts");
  let cursor = null;

  const select = (name, label, options) => el("select", { "aria-label": label, onchange: (e) => {
    filters[name] = e.target.value;
    changedFilters();
  } }, options.map(([value, text]) => el("option", { value, selected: value === filters[name] }, text)));
  root.replaceChildren(
    el("div", { class: "toolbar" }, el("h1", {}, "Alerts"), count,
      select("state", "Which alerts", [["open", "open"], ["all", "open and resolved"]]),
      select("severity", "Severity", [["", "any severity"], ...SEVERITIES.map((s) => [s, s])])),
    error, table.element, el("div", { class: "more" }, older));

  function shown(alert) {
    return (filters.state === "all" || isOpen(alert)) && (!filters.severity || alert.severity === filters.severity);
  }

  function render() {
    const alerts = [...store.alerts.values()].filter(shown);
    table.render(alerts, filters.state === "all" ? "No alerts." : "Nothing needs attention: no open alerts.");
    count.textContent = `${store.allOpenAlerts().length} open · ${alerts.length} shown`;
    older.hidden = filters.state !== "all";
    older.disabled = !cursor;
  }

  /** The next page of all alerts, newest first: resolved ones come only from here. */
  async function loadOlder() {
    const params = new URLSearchParams({ limit: "50" });
    if (filters.severity) params.set("severity", filters.severity);
    if (cursor) params.set("cursor", cursor);
    cursor = await loadAlerts(store, `/alerts?${params}`);
    render();
  }

  function changedFilters() {
    const q = new URLSearchParams(Object.entries({ state: filters.state === "all" ? "all" : "", severity: filters.severity })
      .filter(([, v]) => v));
    history.replaceState(null, "", `#/alerts${q.size ? `?${q}` : ""}`);
    cursor = null;
    render();
    if (filters.state === "all") loadOlder().catch(failed);
  }

  function failed(e) {
    error.className = "error";
    error.textContent = `Could not load alerts: ${e.message}`;
  }

  render();
  loadOpenAlerts(store).then(render, failed);
  if (filters.state === "all") loadOlder().catch(failed);
  const stop = store.listenAlerts(render);
  return () => { stop(); table.stop(); };
}
