// A job's previews and artifacts. Their bytes are fetched with the signed-in key in a header (never in a URL). Images
// are shown through object URLs cached by content (an artifact's SHA-256 changes whenever its bytes do); a download's
// object URL is let go once the browser has it, so a large file is not held for the page's lifetime.

import { api } from "./api.js";
import { el, toast } from "./format.js";

const urls = new Map(); // `${jobId}/${sha256}/${kind}` -> Promise of an object URL

function path(jobId, artifact) {
  return `/jobs/${encodeURIComponent(jobId)}/artifacts/${encodeURIComponent(artifact.name)}`;
}

/** A new object URL of the artifact's bytes, with a suffix for its thumbnail or its image shown inline. */
function fetchUrl(jobId, artifact, suffix = "") {
  return api(path(jobId, artifact) + suffix, { raw: true }).then((r) => r.blob()).then(URL.createObjectURL);
}

/** An object URL of the artifact's thumbnail ("thumbnail") or its image shown inline ("image"), kept for reuse. */
export function artifactUrl(jobId, artifact, kind) {
  const key = `${jobId}/${artifact.sha256}/${kind}`;
  if (!urls.has(key)) {
    const url = fetchUrl(jobId, artifact, kind === "thumbnail" ? "/thumbnail" : "?inline=true");
    url.catch(() => urls.delete(key)); // a later render tries again
    urls.set(key, url);
  }
  return urls.get(key);
}

/** Shows an image artifact in an <img>, unless the element has moved on to another by the time it has loaded. */
export function showImage(img, jobId, artifact, kind) {
  const wanted = `${jobId}/${artifact.sha256}/${kind}`;
  img.dataset.wanted = wanted;
  artifactUrl(jobId, artifact, kind).then((url) => {
    if (img.dataset.wanted === wanted) img.src = url;
  }, () => { /* shown as missing; the next change retries */ });
}

function size(bytes) {
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(1)} MiB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(1)} KiB`;
  return `${bytes} B`;
}

async function download(jobId, artifact) {
  try {
    const url = await fetchUrl(jobId, artifact);
    el("a", { href: url, download: artifact.name }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000); // the browser has started saving it by then
  } catch (e) {
    toast(`could not download ${artifact.name}: ${e.message}`, "error");
  }
}

/** The job page's section: the previews as a gallery, then every artifact with its download. */
export function artifactsSection(jobId) {
  const gallery = el("div", { class: "gallery", id: "previews", "aria-label": "Previews" });
  const list = el("ul", { class: "artifacts", id: "artifact-list" });
  const element = el("section", { id: "job-artifacts" }, el("h2", {}, "Previews and artifacts"), gallery, list);
  let shown = "";

  function render(state) {
    const artifacts = state.artifacts || [];
    const key = artifacts.map((a) => a.sha256 + a.name).join();
    if (key === shown) return;
    shown = key;
    const previews = artifacts.filter((a) => a.preview);
    gallery.replaceChildren(...previews.map((a) => {
      const img = el("img", { alt: `preview ${a.name}`, class: "preview" });
      showImage(img, jobId, a, "image");
      return el("figure", { class: state.preview?.name === a.name ? "latest" : null },
        el("a", { href: "#", title: "open the full image", onclick: (event) => {
          event.preventDefault();
          artifactUrl(jobId, a, "image").then((url) => open(url, "_blank"));
        } }, img),
        el("figcaption", {}, a.name, a.stage ? ` · ${a.stage}` : ""));
    }));
    if (!previews.length) gallery.replaceChildren(el("p", { class: "empty" }, "no previews"));
    list.replaceChildren(...artifacts.map((a) => el("li", {},
      el("button", { type: "button", class: "link", onclick: () => download(jobId, a) }, a.name),
      ` ${a.mediaType} · ${size(a.sizeBytes)} · saved ${a.savedAt.slice(11, 19)}`,
      a.preview ? " · preview" : "")));
    if (!artifacts.length) list.replaceChildren(el("li", { class: "empty" }, "no artifacts yet"));
  }

  return { element, render };
}
