// The Alerts page's silences, live: listed by state from GET /api/v1/silences?ended=true (read again after a
// silence event, until it shows what the event said), made with the form (POST /api/v1/silences) after a preview
// of the active alerts they would mute (POST /api/v1/silences/preview), and expired (DELETE /api/v1/silences/{id}).
// What the API refuses is said next to the field it names.
import { fillSlots, silenceRowOf } from "./alert_rows.js";
import { said } from "./alerts.js";
import { live } from "./live.js";
import { parseMatchers } from "./matchers.js";
import { csrfToken } from "./shell.js";

const TRIES = 8;
const PREVIEW_AFTER_MS = 250;
const section = document.querySelector("[data-silences]");
const form = section.querySelector("form[data-new-silence]");
const template = document.getElementById("silence-row");
const actsIn = document.querySelector("[data-board]").dataset.actsIn ?? "";
const JSON_HEADERS = { "Content-Type": "application/json", Accept: "application/json" };

function writing(method, url, body) {
  const headers = { ...JSON_HEADERS, "X-CSRF-Token": csrfToken() };
  return fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

function draw(silences) {
  const now = Date.now();
  const rows = silences.map((silence) => silenceRowOf(silence, actsIn, now));
  for (const part of section.querySelectorAll("[data-silence-part]")) {
    const mine = rows.filter((row) => row.state === part.dataset.silencePart);
    part.querySelector('[data-slot="rows"]').replaceChildren(...mine.map(silenceItem));
    part.dataset.state = mine.length ? "ready" : "empty";
    part.querySelector('[data-slot="count"]').textContent = String(mine.length);
    part.querySelector('[data-slot="empty"]').hidden = mine.length > 0;
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

async function read(until) {
  for (let tried = 0; tried < TRIES; tried += 1) {
    const answer = await fetch("/api/v1/silences?ended=true", { headers: { Accept: "application/json" } });
    if (!answer.ok) return;
    const silences = await answer.json();
    draw(silences);
    if (!until || until(silences)) break;
    await new Promise((done) => window.setTimeout(done, 100 * (tried + 1)));
  }
  document.dispatchEvent(new CustomEvent("silences-changed"));
}

const shown = (id, state) => (silences) =>
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

function tell(field, message) {
  const slot = form.querySelector(`[data-error="${field}"]`);
  slot.textContent = message;
  slot.hidden = !message;
  form.elements[field]?.setAttribute("aria-invalid", message ? "true" : "false");
}

function fieldOf(name) {
  if (name.startsWith("matchers")) return "matchers";
  if (name === "duration" || name === "ends_at") return "duration";
  return name === "comment" ? "comment" : "form";
}

async function refused(answer) {
  let body = {};
  try {
    body = await answer.json();
  } catch {
    // no JSON: said by status below
  }
  const fields = body.fields ?? [];
  if (fields.length === 0) tell("form", body.error ? `Refused: ${body.error}` : `HTTP ${answer.status}: try again.`);
  fields.forEach((f) => tell(fieldOf(f.field), `${f.field}: ${f.message}`));
}

let previewTimer = null;
async function preview() {
  const box = form.querySelector("[data-preview]");
  const list = box.querySelector('[data-slot="muted"]');
  let matchers;
  try {
    matchers = parseMatchers(form.elements.matchers.value);
  } catch (wrong) {
    tell("matchers", form.elements.matchers.value.trim() ? wrong.message : "");
    list.replaceChildren();
    box.dataset.state = "idle";
    return null;
  }
  tell("matchers", "");
  box.dataset.state = "loading";
  const answer = await writing("POST", "/api/v1/silences/preview", { matchers });
  if (!answer.ok) {
    await refused(answer);
    box.dataset.state = "idle";
    return null;
  }
  const alerts = await answer.json();
  box.querySelector('[data-slot="said"]').textContent = alerts.length
    ? `It would mute ${alerts.length} active alert${alerts.length === 1 ? "" : "s"}:`
    : "It would mute no active alert now.";
  list.replaceChildren(
    ...alerts.map((alert) => {
      const item = document.createElement("li");
      item.dataset.alert = alert.fingerprint;
      item.textContent = `${alert.name} (${alert.severity}) in ${alert.environment}: ${alert.summary}`;
      return item;
    }),
  );
  box.dataset.state = "ready";
  return matchers;
}

form?.addEventListener("input", (event) => {
  if (event.target.name !== "matchers") return;
  window.clearTimeout(previewTimer);
  previewTimer = window.setTimeout(preview, PREVIEW_AFTER_MS);
});

form?.addEventListener("submit", async (event) => {
  event.preventDefault();
  ["matchers", "duration", "comment", "form"].forEach((field) => tell(field, ""));
  const matchers = await preview();
  if (!matchers) return;
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const { duration, comment } = form.elements;
    const answer = await writing("POST", "/api/v1/silences", {
      matchers,
      duration: duration.value.trim(),
      comment: comment.value,
    });
    if (!answer.ok) return await refused(answer);
    const { silence_id: id } = await answer.json();
    form.reset();
    form.querySelector('[data-slot="muted"]').replaceChildren();
    form.querySelector('[data-slot="said"]').textContent = `Silence ${id} made.`;
    await read(shown(id, "made"));
  } catch {
    tell("form", "The dashboard cannot be reached: try again.");
  } finally {
    button.disabled = false;
  }
});

live.on("snapshot", () => read(null));
live.on("event", ({ type }) => {
  if (type === "silence-created" || type === "silence-expired") read(null);
});
