// The command output of the deployments in flight on the page, per service, read on from the last line's id
// (GET /api/v1/deployments/{id}/log?since=...) when an event of the deployment arrives and, while one of its
// commands runs, every few seconds (the lines are not events: the live stream does not carry them). Each
// service keeps its last KEEP lines; progress_draw.js shows them.
import { drawLog } from "./progress_draw.js";

const KEEP = 500;
const PAGE = 1000;
const logs = new Map(); // deployment id -> { since, services: Map(service -> lines), busy, again }

export function linesOf(id) {
  return logs.get(id)?.services ?? new Map();
}

export function forget(id) {
  logs.delete(id);
}

function take(log, lines) {
  for (const line of lines) {
    const kept = log.services.get(line.service) ?? [];
    kept.push(line);
    if (kept.length > KEEP) kept.splice(0, kept.length - KEEP);
    log.services.set(line.service, kept);
    log.since = line.id;
  }
}

async function readPages(id, log) {
  for (;;) {
    const query = new URLSearchParams({ since: log.since, limit: String(PAGE) });
    const answer = await fetch(`/api/v1/deployments/${encodeURIComponent(id)}/log?${query}`, {
      headers: { Accept: "application/json" },
    });
    if (!answer.ok) return;
    const lines = await answer.json();
    take(log, lines);
    if (lines.length < PAGE) return;
  }
}

/** Reads the deployment's new lines and shows them; a call while a read is on its way reads once more after. */
export async function readLog(id) {
  const log = logs.get(id) ?? { since: "-", services: new Map(), busy: false, again: false };
  logs.set(id, log);
  if (log.busy) {
    log.again = true;
    return;
  }
  log.busy = true;
  try {
    do {
      log.again = false;
      await readPages(id, log);
    } while (log.again);
  } catch {
    // the dashboard is away: the badge says so; the next event or tick reads on from the same line
  } finally {
    log.busy = false;
  }
  show(id);
}

export function show(id) {
  const timeline = document.querySelector(`[data-progress="${CSS.escape(id)}"]`);
  if (!timeline || !logs.has(id)) return;
  for (const box of timeline.querySelectorAll("[data-service]")) {
    drawLog(box, linesOf(id).get(box.dataset.service) ?? [], box.dataset.running === "true");
  }
}
