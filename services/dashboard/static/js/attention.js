// "Needs attention", on every signed-in page: what waits for a person (attention_view.js), read from the API
// (GET /api/v1/snapshot, then each environment's /api/v1/rollback/environments/{name}/attention) when the page
// opens, on the live socket's snapshot and after each burst of events, so nothing waits unseen. It says
// "checking" until the first answer, then lists each need with a link to where its action is, or says none.
import { live } from "./live.js";
import { needsOf } from "./attention_view.js";

const BURST_MS = 300;
const AGAIN_MS = [500, 1000, 2000, 4000];
const area = document.getElementById("attention");
let timer = null;
let asked = 0; // the newest event time whose deployment the last answer may not have folded yet

async function json(url) {
  const answer = await fetch(url, { headers: { Accept: "application/json" } });
  if (!answer.ok) throw new Error(`${url}: HTTP ${answer.status}`);
  return answer.json();
}

function draw(needs) {
  const list = area.querySelector('[data-slot="needs"]');
  const template = document.getElementById("attention-need");
  list.replaceChildren(
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
  area.querySelector('[data-slot="loading"]').hidden = true;
  area.querySelector('[data-slot="empty"]').hidden = needs.length > 0;
}

async function refresh(tries = 0) {
  const wanted = asked;
  try {
    const snapshot = await json("/api/v1/snapshot");
    const names = [...new Set([...snapshot.services.map((s) => s.environment), ...snapshot.deployments.map((d) => d.environment)])];
    const found = {};
    for (const name of names) found[name] = await json(`/api/v1/rollback/environments/${encodeURIComponent(name)}/attention`);
    draw(needsOf(snapshot.deployments, found));
    const newest = Math.max(0, ...snapshot.deployments.map((d) => Date.parse(d.updated_at)));
    // The read model folds events beside the live feed: until it has the newest one, look again in a moment.
    if (newest < wanted && tries < AGAIN_MS.length) later(AGAIN_MS[tries], tries + 1);
  } catch {
    if (tries < AGAIN_MS.length) later(AGAIN_MS[tries], tries + 1); // away: the badge tells; look again
  }
}

function later(ms, tries = 0) {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => refresh(tries), ms);
}

if (area) {
  live.on("snapshot", () => later(0));
  live.on("event", ({ event }) => {
    if (event.deployment_id) asked = Math.max(asked, Date.parse(event.occurred_at));
    later(BURST_MS);
  });
  live.start();
  refresh();
}
