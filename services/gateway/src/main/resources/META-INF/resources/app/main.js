// The dashboard: sign in with an API key, keep one live stream open, and route between the views by the URL hash.
// It uses the public API only (REST under /api/v1 and the stream), so anything it does a user's own client can do.

import { alertsView, loadOpenAlerts } from "./alerts.js";
import { api, ApiError, session } from "./api.js";
import { batchesView } from "./batches.js";
import { el } from "./format.js";
import { jobView } from "./job.js";
import { jobsView } from "./jobs.js";
import { queueView } from "./queue.js";
import { LiveStream } from "./stream.js";
import { JobStore, worstSeverity } from "./store.js";
import { submitView } from "./submit.js";

const TABLE_COALESCE_MS = 250;
const view = document.getElementById("view");
const connection = document.getElementById("connection");
const alertCount = document.getElementById("alert-count");
let stream = null;
let store = null;
let me = null;
let leave = () => {};

async function signIn(key) {
  me = await api("/me", { key });
  session.key = key;
  document.getElementById("signin").hidden = true;
  document.getElementById("signout").hidden = false;
  document.getElementById("who").textContent = `${me.name} · ${me.tenant}`;
  stream = new LiveStream();
  store = new JobStore(stream);
  let wasLive = false;
  stream.on("connection", ({ state }) => {
    connection.dataset.state = state;
    connection.textContent = state;
    // Alerts are not resent on reconnecting, as job states are: what changed while away is read once, over REST.
    if (state === "live" && wasLive) loadOpenAlerts(store).catch(() => {});
    wasLive ||= state === "live";
  });
  store.listenAlerts(showAlertCount);
  loadOpenAlerts(store).catch(() => {});   // a gateway without the alerts API still pushes new ones
  stream.on("unauthorized", signOut);
  stream.on("error", (m) => console.warn("stream:", m.code, m.message));
  // Every job of the tenant, for the tables: at most four updates a second per job, many jobs in one message
  // (a job's end at once); the page of one job subscribes to it again for every change and its log.
  stream.subscribe({ all: true, coalesceMs: TABLE_COALESCE_MS });
  stream.start();
  route();
}

/** The header's count of open alerts, coloured by the worst of them. */
function showAlertCount() {
  const open = store.allOpenAlerts();
  alertCount.hidden = !open.length;
  alertCount.textContent = String(open.length);
  alertCount.dataset.severity = worstSeverity(open) || "";
  alertCount.parentElement.setAttribute("aria-label", open.length ? `Alerts, ${open.length} open` : "Alerts");
}

function signOut() {
  session.key = null;
  stream?.stop();
  leave();
  view.replaceChildren();
  document.getElementById("who").textContent = "";
  alertCount.hidden = true;
  document.getElementById("signout").hidden = true;
  showSignIn();
}

function showSignIn(message = "") {
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-error").textContent = message;
  document.getElementById("signin-key").focus();
}

function route() {
  if (!me) return;
  leave();
  const [path, search] = location.hash.slice(1).split("?");
  const query = new URLSearchParams(search || "");
  const parts = (path || "/jobs").split("/").filter(Boolean).map(decodeURIComponent);
  const section = parts[0] || "jobs";
  document.querySelectorAll("#nav a").forEach((a) => a.toggleAttribute("aria-current", a.dataset.section === section));
  const context = { store, stream, me, query };
  let result;
  if (section === "jobs" && parts[1]) result = jobView(view, { ...context, jobId: parts[1] });
  else if (section === "batches") result = batchesView(view, { ...context, batchId: parts[1] });
  else if (section === "alerts") result = alertsView(view, context);
  else if (section === "queue") result = queueView(view, context);
  else if (section === "submit") result = submitView(view, context);
  else result = jobsView(view, context);
  leave = typeof result === "function" ? result : () => {};
  Promise.resolve(result).catch((e) => view.replaceChildren(el("p", { class: "error" }, e.message)));
}

document.getElementById("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const key = document.getElementById("signin-key").value.trim();
  try {
    await signIn(key);
  } catch (e) {
    showSignIn(e instanceof ApiError && e.status === 401 ? "That key is not valid." : `Could not sign in: ${e.message}`);
  }
});
document.getElementById("signout").addEventListener("click", signOut);
document.getElementById("theme").addEventListener("click", () => {
  const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
  document.documentElement.dataset.theme = next;
  localStorage.setItem("headway.theme", next);
});
addEventListener("hashchange", route);

if (session.key) signIn(session.key).catch(() => showSignIn("Your key is no longer valid."));
else showSignIn();
