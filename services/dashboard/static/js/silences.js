// The Alerts page's silences, live: listed by state from GET /api/v1/silences?ended=true (read again after a
// silence event, until it shows what the event said) and expired (DELETE /api/v1/silences/{id}); silence_form.js
// makes them.
import { fillSlots, said, silenceRowOf } from "./alert_rows.js";
import { untilBuilt } from "./built.js";
import { live } from "./live.js";
import { csrfToken } from "./shell.js";
import { TRIES, lookAgain } from "./patience.js";

const section = document.querySelector("[data-silences]");
const template = document.getElementById("silence-row");
const actsIn = document.querySelector("[data-board]").dataset.actsIn ?? "";
const loading = document.getElementById("alerts-loading");
const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

export function writing(method, url, body) {
  const headers = { ...JSON_HEADERS, "X-CSRF-Token": csrfToken() };
  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function draw(silences) {
  const now = Date.now();
  const rows = silences.map((silence) => silenceRowOf(silence, actsIn, now));
  const stillLoading = !loading.hidden;
  for (const part of section.querySelectorAll("[data-silence-part]")) {
    const mine = rows.filter((row) => row.state === part.dataset.silencePart);
    part.querySelector('[data-slot="rows"]').replaceChildren(...mine.map(silenceItem));
    part.dataset.state = stillLoading ? "loading" : mine.length ? "ready" : "empty";
    part.querySelector('[data-slot="count"]').textContent = String(mine.length);
    part.querySelector('[data-slot="empty"]').hidden = stillLoading || mine.length > 0;
  }
}

function silenceItem(row) {
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.silence = row.id;
  item.dataset.state = row.state;
  fillSlots(item, row.slots);
  if (!row.mayExpire) item.querySelector("[data-expire]").remove();
  return item;
}

export async function read(until) {
  for (let tried = 0; tried < TRIES; tried += 1) {
    const answer = await fetch("/api/v1/silences?ended=true", { headers: { Accept: "application/json" } });
    if (!answer.ok) return;
    const silences = await answer.json();
    draw(silences);
    if (!until || until(silences)) break;
    await lookAgain(tried);
  }
  document.dispatchEvent(new CustomEvent("silences-changed"));
}

export const shown = (id, state) => (silences) =>
  silences.some((s) => s.silence_id === id && (state === "expired" ? Boolean(s.expired_at) : true));

section.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-expire]");
  if (!button) return;
  const id = button.closest("li").dataset.silence;
  button.disabled = true;
  const answer = await writing("DELETE", `/api/v1/silences/${encodeURIComponent(id)}`);
  if (answer.ok) await read(shown(id, "expired"));
  else {
    button.disabled = false;
    button.textContent = await said(answer);
  }
});

live.on("snapshot", () => read(null));
untilBuilt(loading);
live.on("event", ({ type }) => {
  if (type === "silence-created" || type === "silence-expired") read(null);
});
