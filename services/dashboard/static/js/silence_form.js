// The Alerts page's new silence: the matchers typed are read (matchers.js), the active alerts they would mute
// previewed (POST /api/v1/silences/preview) as one types, and the silence made (POST /api/v1/silences); what the
// API refuses is said next to the field it names (its `fields`), the rest under the form.
import { parseMatchers } from "./matchers.js";
import { read, shown, writing } from "./silences.js";

const PREVIEW_AFTER_MS = 250;
const form = document.querySelector("form[data-new-silence]");

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
