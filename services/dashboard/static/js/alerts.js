// The Alerts page's active alerts, live: on the first snapshot and after events, the board is read again from
// GET /api/v1/alerts/groups (once per burst of events) and redrawn in the alerter's groups. Acknowledging posts
// to /api/v1/alerts/{fingerprint}/ack with the session's CSRF token; the acknowledgement arrives as an event, and
// the board is read until it shows it (the read model folds events beside the live feed).
import { alertRowOf, fillSlots, groupTitle, said } from "./alert_rows.js";
import { live } from "./live.js";
import { csrfToken } from "./shell.js";
import { TRIES, lookAgain } from "./patience.js";

const section = document.querySelector("[data-board]");
const groups = section.querySelector('[data-slot="groups"]');
const groupTemplate = document.getElementById("alert-group");
const rowTemplate = document.getElementById("alert-row");
const actsIn = section.dataset.actsIn ?? "";
let reading = null; // the read on its way
let again = false; // events came while it was
let unanswered = false; // the last read got no answer at all
const waiting = new Set(); // fingerprints acknowledged that the board does not show acknowledged yet

function draw(board) {
  const drawn = board.groups.map((group) => {
    const part = groupTemplate.content.firstElementChild.cloneNode(true);
    const title = groupTitle(group.labels);
    part.setAttribute("aria-label", `Group ${title}`);
    fillSlots(part, { title, severity: group.severity });
    part.querySelector('[data-slot="severity"]').dataset.severity = group.severity;
    part.querySelector('[data-slot="rows"]').replaceChildren(...group.alerts.map(alertItem));
    return part;
  });
  groups.replaceChildren(...drawn);
  const count = board.groups.reduce((sum, group) => sum + group.alerts.length, 0);
  section.dataset.state = count ? "ready" : "empty";
  section.querySelector('[data-slot="count"]').textContent = String(count);
  section.querySelector('[data-slot="empty"]').hidden = count > 0;
}

function alertItem(alert) {
  const row = alertRowOf(alert, actsIn);
  const item = rowTemplate.content.firstElementChild.cloneNode(true);
  item.dataset.alert = row.fingerprint;
  item.dataset.state = row.state;
  item.dataset.environment = row.environment;
  fillSlots(item, row.slots);
  item.querySelector('[data-slot="severity"]').dataset.severity = row.severity;
  item.querySelector('[data-slot="since"]').setAttribute("datetime", new Date(row.since).toISOString());
  const form = item.querySelector("form[data-ack]");
  if (row.mayAck) acknowledging(form, row.fingerprint);
  else form.remove();
  return item;
}

function acknowledging(form, fingerprint) {
  const error = form.querySelector('[data-slot="error"]');
  const button = form.querySelector("button");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    button.disabled = true;
    try {
      const answer = await fetch(`/api/v1/alerts/${encodeURIComponent(fingerprint)}/ack`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
        body: JSON.stringify({ comment: form.elements.comment.value }),
      });
      if (!answer.ok) throw new Error(await said(answer));
      button.textContent = "Acknowledging…";
      waiting.add(fingerprint);
      refresh();
    } catch (failed) {
      error.textContent = failed.message || "The dashboard cannot be reached: try again.";
      error.hidden = false;
      button.disabled = false;
    }
  });
}

async function read() {
  for (let tried = 0; tried < TRIES; tried += 1) {
    const answer = await fetch("/api/v1/alerts/groups", { headers: { Accept: "application/json" } }).catch(() => null);
    unanswered = answer === null; // a blip, the dashboard restarting: ask again, and once more when live again
    if (unanswered) {
      await lookAgain(tried);
      continue;
    }
    if (!answer.ok) return;
    const board = await answer.json();
    draw(board);
    const acked = board.groups.flatMap((g) => g.alerts).filter((a) => a.acknowledged || a.silenced_by);
    acked.forEach((alert) => waiting.delete(alert.fingerprint));
    const shown = new Set(board.groups.flatMap((g) => g.alerts).map((a) => a.fingerprint));
    [...waiting].filter((fp) => !shown.has(fp)).forEach((fp) => waiting.delete(fp));
    if (waiting.size === 0) return;
    await lookAgain(tried);
  }
}

async function refresh() {
  if (reading) {
    again = true;
    return;
  }
  do {
    again = false;
    reading = read().catch(() => {}); // an answer that does not read: the next event reads again
    await reading;
    reading = null;
  } while (again);
}

document.querySelectorAll("form[data-ack]").forEach((form) => acknowledging(form, form.closest("li").dataset.alert));
document.addEventListener("silences-changed", refresh); // silences.js: what a silence mutes has changed
live.on("snapshot", refresh);
live.on("event", refresh);
live.on("status", ({ state }) => {
  if (state === "live" && unanswered) refresh();
});
live.start();
