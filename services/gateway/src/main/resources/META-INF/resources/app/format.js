// How numbers, times and states read on screen.

export function duration(ms) {
  if (ms == null || !isFinite(ms)) return "–";
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, "0")}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function age(iso, now = Date.now()) {
  return iso ? duration(now - Date.parse(iso)) : "–";
}

export function percent(fraction) {
  return `${Math.floor((fraction || 0) * 100)}%`;
}

export function number(n) {
  return n == null ? "–" : Number(n).toLocaleString("en");
}

/** The ETA as people say it: "2m 10s left (1m 50s – 2m 40s)". */
export function eta(state) {
  const e = state?.eta;
  if (!e || TERMINAL.has(state.status)) return "";
  return `${duration(e.remainingMs)} left (${duration(e.lowMs)} – ${duration(e.highMs)})`;
}

export function rate(state) {
  const u = state?.units;
  if (!u || u.perSecond == null) return "";
  return `${u.perSecond >= 10 ? Math.round(u.perSecond) : u.perSecond.toFixed(1)} ${u.unit || "units"}/s`;
}

export function labels(map) {
  return Object.entries(map || {}).map(([k, v]) => `${k}=${v}`).join(" ");
}

export const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT"]);

/** Creates an element: el("td", {class: "x"}, "text", child...). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value == null || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child != null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function toast(text, kind = "info") {
  const box = document.getElementById("toasts");
  const note = el("div", { class: `toast ${kind}` }, text);
  box.append(note);
  setTimeout(() => note.remove(), 6000);
}

/** A moment shown as how long ago it was ("2m 10s ago"), its exact time on hover; keepAgesCurrent moves it on. */
export function ago(iso) {
  return el("time", { class: "ago", datetime: iso, title: iso }, `${age(iso)} ago`);
}

/** Moves every age shown under `root` on once a second, without a message; returns a function that stops it. */
export function keepAgesCurrent(root) {
  const ticker = setInterval(() => {
    for (const time of root.querySelectorAll("time.ago")) {
      const text = `${age(time.getAttribute("datetime"))} ago`;
      if (time.textContent !== text) time.textContent = text;
    }
  }, 1000);
  return () => clearInterval(ticker);
}
