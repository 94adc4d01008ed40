// The queue: the tenant's jobs by status and each executor's capacity and heartbeat. Refreshed when jobs change
// (at most every two seconds), never on a timer of its own.

import { api } from "./api.js";
import { age, el } from "./format.js";

export function queueView(root, { store }) {
  const counts = el("div", { class: "cards counts" });
  const executors = el("tbody");
  root.replaceChildren(el("h1", {}, "Queue and executors"), counts,
    el("h2", {}, "Executors"),
    el("div", { class: "table-wrap" }, el("table", {},
      el("thead", {}, el("tr", {}, ["Executor", "Running", "Waiting", "Capacity", "Last heartbeat"].map((h) => el("th", { scope: "col" }, h)))),
      executors)));
  let last = 0;
  let pending = null;

  async function refresh() {
    last = Date.now();
    pending = null;
    const view = await api("/queue");
    const byStatus = view.counts?.byStatus || view.counts || {};
    counts.replaceChildren(...Object.entries(byStatus).filter(([, v]) => typeof v === "number").map(([status, n]) =>
      el("article", { class: "card count", dataset: { status: status.toUpperCase() } }, el("strong", {}, n), el("span", {}, status))));
    executors.replaceChildren(...(view.executors || []).map((e) => el("tr", {},
      el("td", { class: "mono" }, e.executorId), el("td", {}, e.running ?? "–"), el("td", {}, e.waiting ?? "–"),
      el("td", {}, e.capacity ?? "–"), el("td", {}, e.sentAt ? `${age(e.sentAt)} ago` : "–"))));
    if (!view.executors?.length) executors.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "empty" }, "no executor has sent a heartbeat")));
  }

  refresh();
  const stop = store.listen(() => {
    if (pending) return;
    pending = setTimeout(refresh, Math.max(0, 2000 - (Date.now() - last)));
  });
  return () => { stop(); clearTimeout(pending); };
}
