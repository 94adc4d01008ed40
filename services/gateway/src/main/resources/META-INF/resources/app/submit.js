// Submit: a form per job type, built from GET /job-types and its parameter rules; the server's validation errors are
// shown next to the fields they are about.

import { api, ApiError } from "./api.js";
import { el, toast } from "./format.js";

export async function submitView(root) {
  const types = await api("/job-types");
  const typeSelect = el("select", { id: "submit-type", name: "type", "aria-label": "Job type" },
    types.map((t) => el("option", { value: t.type }, t.type)));
  const fields = el("div", { class: "fields" });
  const problems = el("ul", { class: "error", role: "alert" });
  const form = el("form", { class: "submit-form", id: "submit-form", novalidate: true },
    el("label", { for: "submit-type" }, "Job type"), typeSelect,
    el("p", { class: "hint", id: "type-description" }), fields,
    el("label", { for: "submit-labels" }, "Labels"),
    el("input", { id: "submit-labels", name: "labels", placeholder: "team=search env=ci" }),
    el("label", { for: "submit-batch" }, "Batch"), el("input", { id: "submit-batch", name: "batchId" }),
    el("label", { for: "submit-priority" }, "Priority"),
    el("input", { id: "submit-priority", name: "priority", type: "number", min: -100, max: 100, value: 0 }),
    problems, el("button", { type: "submit" }, "Submit"));
  root.replaceChildren(el("h1", {}, "Submit a job"), form);

  function showType() {
    const type = types.find((t) => t.type === typeSelect.value);
    document.getElementById("type-description").textContent = type?.description || "";
    fields.replaceChildren(...(type?.parameters || []).flatMap((p) => [
      el("label", { for: `param-${p.name}` }, p.name, p.required ? " *" : ""),
      el("input", { id: `param-${p.name}`, name: `param.${p.name}`, value: p.defaultValue ?? "",
        placeholder: p.pattern || "", "aria-describedby": `help-${p.name}` }),
      el("p", { class: "hint", id: `help-${p.name}` }, p.description || ""),
      el("p", { class: "field-error", id: `error-${p.name}` })]));
  }
  typeSelect.addEventListener("change", showType);
  showType();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    problems.replaceChildren();
    form.querySelectorAll(".field-error").forEach((e) => { e.textContent = ""; });
    const data = new FormData(form);
    const parameters = {};
    for (const [name, value] of data) {
      if (name.startsWith("param.") && value !== "") parameters[name.slice(6)] = value;
    }
    const labels = Object.fromEntries(String(data.get("labels") || "").split(/\s+/).filter(Boolean)
      .map((pair) => pair.split("=")).map(([k, ...v]) => [k, v.join("=")]));
    const body = { type: typeSelect.value, parameters, labels, priority: Number(data.get("priority") || 0) };
    if (data.get("batchId")) body.batchId = data.get("batchId");
    try {
      const accepted = await api("/jobs", { method: "POST", body });
      toast(`job ${accepted.jobId.slice(0, 8)} submitted`);
      location.hash = `#/jobs/${encodeURIComponent(accepted.jobId)}`;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const unplaced = [];
      for (const problem of e.errors.length ? e.errors : [e.message]) {
        const field = /parameter '([^']+)'/.exec(problem);
        const target = field && document.getElementById(`error-${field[1]}`);
        if (target) target.textContent = problem; else unplaced.push(problem);
      }
      problems.replaceChildren(...unplaced.map((p) => el("li", {}, p)));
      if (!unplaced.length && e.errors.length) problems.replaceChildren(el("li", {}, e.message));
    }
  });
}
