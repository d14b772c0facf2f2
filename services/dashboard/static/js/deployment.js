// A deployment's page, live while it runs: its events arrive on the tab's one socket (filtered here to this
// deployment); each one joins the timeline (when it passes the page's filter), a new stop of the replay, and the
// status, with the controls it allows; new log lines are read on from the last one shown. When it ends the page
// reloads once, to show the verification, rollback and incident as they ended. Everything put in as text.
import "./actions.js";
import { live } from "./live.js";
import { replay } from "./replay.js";
import { TERMINAL, when } from "./rows.js";
import "./shell.js";
import { TRIES, lookAgain } from "./patience.js";

const page = document.querySelector("article[data-deployment-page]");
const id = page.dataset.deploymentPage;
const base = `/api/v1/deployments/${encodeURIComponent(id)}`;
const filters = new URLSearchParams(window.location.search);
const replaySection = document.getElementById("replay");
const scrubber = replaySection?.querySelector('input[type="range"]') ? replay(replaySection) : null;
const logList = document.querySelector('[data-slot="log"]');
const logSection = document.getElementById("log");
let reading = null;

function timelineRow(event) {
  const list = document.querySelector('[data-slot="timeline"]');
  if (!list || document.getElementById(`event-${event.event_id}`)) return;
  if (filters.get("service") && event.service !== filters.get("service")) return;
  if (filters.get("kind") && event.type !== filters.get("kind")) return;
  const item = document.createElement("li");
  item.id = `event-${event.event_id}`;
  item.dataset.kind = event.type;
  item.dataset.service = event.service ?? "";
  item.className = "break-words";
  const time = document.createElement("time");
  time.dateTime = event.occurred_at;
  time.className = "font-mono text-gray-700 dark:text-gray-300";
  time.textContent = when(event.occurred_at);
  const kind = document.createElement("span");
  kind.className = "font-semibold";
  kind.textContent = ` ${event.type}`;
  item.append(time, kind);
  if (event.service) item.append(` · ${event.service}`);
  list.append(item);
}

async function readLog() {
  const tailing = logSection.dataset.logFrom === "-" && !document.querySelector('[data-slot="log-more"]');
  if (!tailing || reading) return;
  const last = logList.lastElementChild?.dataset.logId ?? "-";
  reading = fetch(`${base}/log?since=${encodeURIComponent(last)}`, { headers: { Accept: "application/json" } })
    .then((answer) => (answer.ok ? answer.json() : []))
    .then((lines) => {
      for (const line of lines) {
        if (document.getElementById(`log-${line.id}`)) continue;
        const item = document.createElement("li");
        item.id = `log-${line.id}`;
        item.dataset.logId = line.id;
        item.className = "whitespace-pre-wrap break-all";
        const who = document.createElement("span");
        who.className = "text-gray-700 dark:text-gray-300";
        who.textContent = line.service || "flightdeck";
        item.append(who, ` ${line.line}`);
        logList.append(item);
      }
      document.querySelector('[data-slot="log-empty"]').hidden = logList.children.length > 0;
    })
    .catch(() => {})
    .finally(() => (reading = null));
}

// The controls the new status allows, rendered by the server (every value escaped) as the page was.
async function refreshControls() {
  const slot = document.querySelector('header [data-slot="controls"]');
  const answer = await fetch(`${window.location.pathname}/controls`, { headers: { Accept: "text/html" } });
  if (slot && answer.ok) slot.innerHTML = await answer.text();
}

async function status(at) {
  // The read model folds events beside the live feed: until it has this one, ask again in a moment.
  for (let tried = 0; tried < TRIES; tried += 1) {
    let answer;
    try {
      answer = await fetch(base, { headers: { Accept: "application/json" } });
    } catch {
      await lookAgain(tried); // no answer (a network blip, the dashboard restarting): ask again
      continue;
    }
    if (!answer.ok) return;
    const view = await answer.json();
    const pill = document.querySelector('header [data-slot="status"]');
    pill.textContent = view.status;
    pill.dataset.status = view.status;
    if (page.dataset.status !== view.status) {
      page.dataset.status = view.status;
      refreshControls();
    }
    if (TERMINAL.has(view.status) && page.dataset.running === "true") window.location.reload();
    if (Date.parse(view.updated_at) >= at) return;
    await lookAgain(tried);
  }
}

live.on("event", ({ event }) => {
  if (event?.deployment_id !== id) return;
  timelineRow(event);
  readLog();
  // A new stop once the read model has the event (its view and timeline are written together): its frame has it.
  status(Date.parse(event.occurred_at))
    .then(() => scrubber?.add(new Date(event.occurred_at).toISOString()))
    .catch(() => {});
});

live.start();
