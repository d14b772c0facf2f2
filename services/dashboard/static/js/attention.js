// "Needs attention", on every signed-in page: the server renders what waits for a person with the page
// (domain/attention.py); this keeps it current from GET /api/v1/attention on the live socket's snapshot (a
// connect or reconnect: something may have happened since the page was made) and after each burst of events,
// so nothing waits unseen. The list is compared as the server renders it (text, then action), so an answer that
// changes nothing leaves it, and any focus in it, alone.
import { live } from "./live.js";

const BURST_MS = 300;
const AGAIN_MS = [500, 1000, 2000, 4000];
const area = document.getElementById("attention");
let timer = null;
let asked = 0; // the newest deployment event seen: until the answer has folded it, look again in a moment
let shown = JSON.stringify([...(area?.querySelectorAll("li[data-need]") ?? [])].map((li) => li.textContent));

function draw(needs) {
  const texts = JSON.stringify(needs.map((need) => `${need.text}\n  ${need.action}`));
  if (texts === shown) return; // the same needs: leave the list (and any focus in it) alone
  shown = texts;
  const template = document.getElementById("attention-need");
  area.querySelector('[data-slot="needs"]').replaceChildren(
    ...needs.map((need) => {
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.need = need.kind;
      item.querySelector('[data-slot="text"]').textContent = need.text;
      const action = item.querySelector('[data-slot="action"]');
      action.textContent = need.action;
      action.href = need.href;
      return item;
    }),
  );
  area.dataset.state = needs.length ? "ready" : "empty";
  area.querySelector('[data-slot="count"]').textContent = String(needs.length);
  area.querySelector('[data-slot="empty"]').hidden = needs.length > 0;
}

async function refresh(tries = 0) {
  const wanted = asked;
  const started = Date.now();
  try {
    const answer = await fetch("/api/v1/attention", { headers: { Accept: "application/json" } });
    if (!answer.ok) throw new Error(`/api/v1/attention: HTTP ${answer.status}`);
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
  live.start();
}
