// Batches: the batches of the jobs on the page with their aggregate progress and status counts, and one batch's
// figures from the gateway (get_batch_progress), drilling into its jobs.

import { api } from "./api.js";
import { el, percent, TERMINAL } from "./format.js";

export function batchesView(root, { store, batchId }) {
  const list = el("div", { class: "cards" });
  root.replaceChildren(el("h1", {}, batchId ? `Batch ${batchId}` : "Batches"), list);

  function render() {
    const batches = new Map();
    for (const state of store.jobs.values()) {
      if (!state.batchId || (batchId && state.batchId !== batchId)) continue;
      const b = batches.get(state.batchId) || { id: state.batchId, jobs: 0, progress: 0, statuses: {} };
      b.jobs++;
      b.progress += state.progress || 0;
      b.statuses[state.status] = (b.statuses[state.status] || 0) + 1;
      batches.set(state.batchId, b);
    }
    if (!batches.size) {
      list.replaceChildren(el("p", { class: "empty" }, "No batches among the live jobs. Submit jobs with a batch id to group them."));
      return;
    }
    list.replaceChildren(...[...batches.values()].map((b) => {
      const done = Object.entries(b.statuses).filter(([s]) => TERMINAL.has(s)).reduce((n, [, c]) => n + c, 0);
      return el("article", { class: "card", dataset: { batch: b.id } },
        el("h2", {}, el("a", { href: `#/jobs?batch=${encodeURIComponent(b.id)}` }, b.id)),
        el("div", { class: "bar big", role: "progressbar", "aria-label": "batch progress" },
          el("div", { class: "fill", style: `width:${percent(b.progress / b.jobs)}` })),
        el("p", {}, `${percent(b.progress / b.jobs)} · ${done} of ${b.jobs} jobs finished`),
        el("p", { class: "statuses" }, Object.entries(b.statuses).map(([s, c]) =>
          el("span", { class: "badge", dataset: { status: s } }, `${s} ${c}`))));
    }));
  }

  render();
  if (batchId) {
    api(`/batches/${encodeURIComponent(batchId)}`).then((b) => list.prepend(el("p", { class: "meta" },
      `history: ${b.total ?? ""} jobs, expected to finish ${b.expectedFinishAt || "–"}`))).catch(() => {});
  }
  return store.listen(render);
}
