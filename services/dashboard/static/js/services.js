// The Services page, live: when the socket brings an event that may change a service (its health, version or
// drift, or a deployment's progress), the matrix, the deployments in flight, the dependency graph (drawn by the
// server, coloured by live health) and who did what are fetched afresh (and again a moment later) and swapped in, keeping
// the keyboard's place.
import "./actions.js";
import "./deploy.js";
import { live } from "./live.js";
import "./shell.js";

const matrix = document.getElementById("services-matrix");
const graph = document.getElementById("services-graph");
const deeds = document.getElementById("services-deeds");
const flying = document.getElementById("services-flying");
let asking = null;
let again = false;

function focusKey() {
  const active = document.activeElement;
  if (!(active instanceof HTMLElement) || !(matrix.contains(active) || flying.contains(active))) return null;
  return active.getAttribute("aria-label");
}

async function refresh() {
  if (asking) {
    again = true;
    return;
  }
  const query = new URLSearchParams({ environment: graph.dataset.environment ?? "" });
  asking = fetch(`/services/live?${query}`, { headers: { Accept: "application/json" } });
  try {
    const answer = await asking;
    if (answer.ok) swap(await answer.json());
  } catch {
    // the badge tells when the dashboard is away; the next event asks again
  } finally {
    asking = null;
  }
  if (again) {
    again = false;
    refresh();
  }
}

function swap(parts) {
  const key = focusKey();
  // The server rendered these (every value escaped), as it rendered the page.
  matrix.innerHTML = parts.matrix;
  deeds.innerHTML = parts.deeds;
  flying.innerHTML = parts.flying;
  if (parts.graph) graph.innerHTML = parts.graph;
  graph.dataset.updated = String(Date.now());
  const labelled = [...matrix.querySelectorAll("[aria-label]"), ...flying.querySelectorAll("[aria-label]")];
  if (key) labelled.find((el) => el.getAttribute("aria-label") === key)?.focus();
}

// The read model folds events beside the live feed, so the first refresh may come before it has this one: look
// again a little later, once per burst.
const LOOK_AGAIN_MS = [300, 1500, 4000];
let later = [];

function soon() {
  refresh();
  later.forEach((timer) => window.clearTimeout(timer));
  later = LOOK_AGAIN_MS.map((ms) => window.setTimeout(refresh, ms));
}

live.on("event", () => soon());
live.on("snapshot", () => refresh());
document.addEventListener("flightdeck:acted", () => soon());
live.start();
