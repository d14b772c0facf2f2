// The Now page, live: deployments in flight, then recent ones. A snapshot redraws both lists; an event of a
// deployment fetches that deployment from the API (once per burst of events) and moves its row where it belongs,
// so a new deployment appears without a reload. Each list says whether it is loading, empty or has rows: while
// the dashboard is still reading the history (its read model being rebuilt) the page says so, asks the readiness
// check now and then, and reloads once the history is all there. A deployment in flight shows its timeline
// (progress.js), redrawn from the same fetch, with its commands' log lines (now_logs.js) and its elapsed time
// counting on.
import "./deploy.js";
import { live } from "./live.js";
import { forget, linesOf, readLog } from "./now_logs.js";
import { TERMINAL, fill, rowOf } from "./rows.js";
import "./shell.js";
import { progressOf } from "./progress.js";
import { draw } from "./progress_draw.js";
import { elapsed } from "./progress_text.js";
import { TRIES, lookAgain } from "./patience.js";

const RECENT = 20;
const LOOK_AGAIN_MS = 2000;
const LOG_EVERY_MS = 2000;
const template = document.getElementById("deployment-row");
const parts = {
  flying: document.querySelector('[data-part="in-flight"]'),
  recent: document.querySelector('[data-part="recent"]'),
};
const loading = document.getElementById("now-loading");
const pending = new Map(); // deployment id -> the newest event time seen while its fetch is on its way
const AWAY = Symbol("no answer");
const unanswered = new Map(); // deployment id -> the event time its fetches never got an answer for

function rowsOf(part) {
  return part.querySelector('[data-slot="rows"]');
}

function tell(part) {
  const count = rowsOf(part).children.length;
  const stillLoading = !loading.hidden;
  part.dataset.state = stillLoading ? "loading" : count ? "ready" : "empty";
  part.querySelector('[data-slot="count"]').textContent = String(count);
  part.querySelector('[data-slot="empty"]').hidden = stillLoading || count > 0;
}

function place(view) {
  const row = rowOf(view);
  const found = document.querySelector(`li[data-deployment="${CSS.escape(row.id)}"]`);
  const item = found ?? template.content.firstElementChild.cloneNode(true);
  fill(item, row);
  const area = item.querySelector('[data-slot="timeline-area"]');
  if (TERMINAL.has(row.status)) {
    area.replaceChildren();
    forget(row.id);
  } else {
    draw(area, progressOf(view, Date.now()), linesOf(row.id));
  }
  const part = TERMINAL.has(row.status) ? parts.recent : parts.flying;
  const list = rowsOf(part);
  const newer = [...list.children].find((other) => other !== item && createdOf(other) < Date.parse(row.created));
  list.insertBefore(item, newer ?? null);
  while (part === parts.recent && list.children.length > RECENT) list.lastElementChild.remove();
}

function createdOf(item) {
  return Date.parse(item.dataset.created ?? item.querySelector("time")?.getAttribute("datetime") ?? "");
}

function settle() {
  tell(parts.flying);
  tell(parts.recent);
}

async function untilBuilt() {
  while (!loading.hidden) {
    await new Promise((done) => window.setTimeout(done, LOOK_AGAIN_MS));
    try {
      const ready = await (await fetch("/health/ready", { headers: { Accept: "application/json" } })).json();
      if (ready.checks?.read_model?.[0]?.status === "pass") {
        window.location.reload();
        return;
      }
    } catch {
      // not answering: the badge tells; look again
    }
  }
}

async function refresh(id) {
  let away = false;
  try {
    for (let tried = 0; tried < TRIES; tried += 1) {
      const wanted = pending.get(id);
      const view = await viewOf(id);
      if (view === undefined) return;
      away = view === AWAY;
      if (view && !away) {
        place(view);
        settle();
        if (!TERMINAL.has(view.status)) readLog(id);
        // The read model folds events beside the live feed: until it has this one, ask again in a moment.
        if (Date.parse(view.updated_at) >= wanted && pending.get(id) === wanted) return;
      }
      await lookAgain(tried);
    }
    if (away && pending.has(id)) unanswered.set(id, pending.get(id)); // ask again once the page is live again
  } finally {
    pending.delete(id);
  }
}

/** The deployment's view; null when it is not there yet (404), AWAY when the dashboard did not answer (a restart,
 * a network blip), undefined for any other refusal, which asking again would not change. */
async function viewOf(id) {
  try {
    const answer = await fetch(`/api/v1/deployments/${encodeURIComponent(id)}`, {
      headers: { Accept: "application/json" },
    });
    if (answer.ok) return await answer.json();
    return answer.status === 404 ? null : undefined;
  } catch {
    return AWAY;
  }
}

function changed(id, at) {
  const busy = pending.has(id);
  pending.set(id, Math.max(at, pending.get(id) ?? 0));
  if (!busy) refresh(id);
}

live.on("status", ({ state }) => {
  if (state !== "live") return;
  const asked = [...unanswered];
  unanswered.clear();
  asked.forEach(([id, at]) => changed(id, at));
});

live.on("snapshot", (snapshot) => {
  pending.clear();
  unanswered.clear();
  for (const part of Object.values(parts)) rowsOf(part).replaceChildren();
  snapshot.deployments.forEach(place);
  settle();
  snapshot.deployments.filter((view) => !TERMINAL.has(view.status)).forEach((view) => readLog(view.id));
});

function inFlight() {
  return [...parts.flying.querySelectorAll("[data-progress]")];
}

window.setInterval(() => {
  for (const counter of parts.flying.querySelectorAll('[data-slot="elapsed"][data-until=""]')) {
    counter.textContent = elapsed(Date.parse(counter.dataset.since), Date.now());
  }
}, 1000);
window.setInterval(() => {
  for (const timeline of inFlight()) {
    if (timeline.querySelector('[data-running="true"]')) readLog(timeline.dataset.progress);
  }
}, LOG_EVERY_MS);

live.on("event", ({ event }) => {
  const id = event.deployment_id;
  if (!id) return;
  changed(id, Date.parse(event.occurred_at));
});

live.start();
untilBuilt();
inFlight().forEach((timeline) => readLog(timeline.dataset.progress));
