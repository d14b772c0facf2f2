// "Needs attention", on every signed-in page: the server renders what waits for a person with the page
// (domain/attention.py, each need with the controls beside it the person may use); this keeps it current from
// GET /attention/live on the live socket's snapshot (a connect or reconnect: something may have happened since
// the page was made), after each burst of events and after a control was used here, so nothing waits unseen.
// The list is swapped only when its key moved, so an answer that changes nothing leaves any focus in it alone.
import "./actions.js";
import { live } from "./live.js";

const BURST_MS = 300;
const AGAIN_MS = [500, 1000, 2000, 4000];
const area = document.getElementById("attention");
let timer = null;
let asked = 0; // the newest deployment event seen: until the answer has folded it, look again in a moment

function draw(found) {
  const list = area.querySelector('[data-slot="needs"]');
  if (list.dataset.key === found.key) return;
  list.dataset.key = found.key;
  list.innerHTML = found.html; // rendered by the server, every value escaped, as the page was
  area.dataset.state = found.count ? "ready" : "empty";
  area.querySelector('[data-slot="count"]').textContent = String(found.count);
  area.querySelector('[data-slot="empty"]').hidden = found.count > 0;
}

async function refresh(tries = 0) {
  const wanted = asked;
  const started = Date.now();
  try {
    const answer = await fetch("/attention/live", { headers: { Accept: "application/json" } });
    if (!answer.ok) throw new Error(`/attention/live: HTTP ${answer.status}`);
    draw(await answer.json());
    // The read model folds events beside the live feed: an event newer than this answer's start may be missing.
    if (wanted > started - 2000 && tries < AGAIN_MS.length) later(AGAIN_MS[tries], tries + 1);
  } catch {
    if (tries < AGAIN_MS.length) later(AGAIN_MS[tries], tries + 1); // away: the badge tells; look again
  }
}

function later(ms, tries = 0) {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => refresh(tries), ms);
}

if (area) {
  // On the socket's snapshot (first connect or a reconnect) ask once: something may have happened between the
  // page's rendering and the socket's opening, or while away.
  live.on("snapshot", () => later(0));
  live.on("event", ({ event }) => {
    if (event.deployment_id) asked = Math.max(asked, Date.now());
    later(BURST_MS);
  });
  document.addEventListener("flightdeck:acted", () => later(BURST_MS));
  live.start();
}
