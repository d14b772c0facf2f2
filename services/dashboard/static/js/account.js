// Your API tokens: made with the form (POST /api/v1/tokens), the secret shown this once with a copy button (a
// reload shows it no more: the dashboard keeps only its hash), listed, and revoked after a confirmation.
import { live } from "./live.js";
import { csrfToken } from "./shell.js";
import { fillToken, revoking, tokenRowOf } from "./token_rows.js";

const form = document.querySelector("form[data-new-token]");
const made = document.querySelector("[data-made-token]");
const section = document.querySelector("[data-tokens]");
const list = section.querySelector('[data-slot="rows"]');
const template = document.getElementById("token-row");

function tell(field, message) {
  const slot = form.querySelector(`[data-error="${field}"]`) ?? form.querySelector('[data-error="form"]');
  slot.textContent = message;
  slot.hidden = !message;
  form.elements[field]?.setAttribute("aria-invalid", message ? "true" : "false");
}

function show(secret, record) {
  made.querySelector('[data-slot="name"]').textContent = record.name;
  made.querySelector('[data-slot="secret"]').value = secret;
  made.querySelector('[data-slot="copied"]').textContent = "";
  made.hidden = false;
  made.querySelector('[data-slot="secret"]').focus();
  made.querySelector('[data-slot="secret"]').select();
  const item = template.content.firstElementChild.cloneNode(true);
  fillToken(item, tokenRowOf(record, Date.now()));
  list.prepend(item);
  section.dataset.state = "ready";
  section.querySelector('[data-slot="empty"]').hidden = true;
}

made.querySelector("[data-copy]").addEventListener("click", async () => {
  const secret = made.querySelector('[data-slot="secret"]');
  const said = made.querySelector('[data-slot="copied"]');
  try {
    await navigator.clipboard.writeText(secret.value);
    said.textContent = "Copied. Store it as a secret (FLIGHTDECK_TOKEN); it will not be shown again.";
  } catch {
    secret.select();
    said.textContent = "The browser refused to copy: the token is selected, copy it with Ctrl+C (⌘C).";
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  ["name", "environments", "form"].forEach((field) => tell(field, ""));
  const { name, role, environments, expires_in_days: days } = form.elements;
  if (!name.value.trim()) return tell("name", "Name the token after what uses it, like github-actions.");
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  try {
    const answer = await fetch("/api/v1/tokens", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
      body: JSON.stringify({
        name: name.value.trim(),
        role: role.value,
        environments: environments.value.split(/[\s,]+/).filter(Boolean),
        expires_in_days: days.value ? Number(days.value) : null,
      }),
    });
    const body = await answer.json().catch(() => ({}));
    if (!answer.ok) {
      const fields = body.fields ?? [];
      if (fields.length === 0) tell("form", `Refused: ${body.error ?? `HTTP ${answer.status}`}`);
      fields.forEach((f) => tell(f.field.split(/[.[]/)[0], `${f.field}: ${f.message}`));
      return;
    }
    form.reset();
    show(body.token, body.record);
  } catch {
    tell("form", "The dashboard cannot be reached: try again.");
  } finally {
    button.disabled = false;
  }
});

revoking(list, csrfToken);
live.start(); // the badge; the page itself changes only by what is done on it
