// The queue: the tenant's jobs by status and each executor's capacity and heartbeat. Refreshed when jobs change
// (at most every two seconds), never on a timer of its own.

import { api } from "./api.js";
import { age, el } from "./format.js";

export function queueView(root, { store }) {
  const counts = el("div", { class: "cards counts" });
  const executors = el("tbody");
  root.replaceChildren(el("h1", {}, "Queue and executors"), el("h2", {}, "Your jobs by status"), counts,
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
    counts.replaceChildren(...Object.entries(view.jobs || {}).map(([status, n]) =>
      el("article", { class: "card count", dataset: { status } }, el("strong", {}, n),
        el("span", {}, status.toLowerCase().replace("_", " ")))));
    const each = view.executors?.each || [];
    executors.replaceChildren(...each.map((e) => el("tr", { dataset: { executor: e.executorId } },
      el("td", { class: "mono" }, e.executorId, e.draining ? " (draining)" : ""), el("td", {}, e.running),
      el("td", {}, e.waiting), el("td", {}, e.capacity), el("td", {}, e.at ? `${age(e.at)} ago` : "–"))));
    if (!each.length) executors.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "empty" }, "no executor has sent a heartbeat")));
  }

  refresh();
  const stop = store.listen(() => {
    if (pending) return;
    pending = setTimeout(refresh, Math.max(0, 2000 - (Date.now() - last)));
  });
  return () => { stop(); clearTimeout(pending); };
}
