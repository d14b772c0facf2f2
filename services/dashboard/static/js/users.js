// Users, for admins: added (POST /api/v1/users), their role, environments or password changed (PATCH), removed
// after a confirmation (DELETE); the page is read again after each, and what the API refuses is said by the form.
// Every token is listed too, and can be revoked.
import { live } from "./live.js";
import { csrfToken } from "./shell.js";
import { revoking } from "./token_rows.js";

function environments(text) {
  return text.split(/[\s,]+/).filter(Boolean);
}

async function send(method, url, body, form) {
  const error = form?.querySelector('[data-error="form"]');
  if (error) error.hidden = true;
  const answer = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrfToken() },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (answer.ok) {
    window.location.reload();
    return;
  }
  const said = await answer.json().catch(() => ({}));
  const message = `Refused: ${said.error ?? `HTTP ${answer.status}`}`;
  if (error) {
    error.textContent = message;
    error.hidden = false;
  } else window.alert(message);
}

document.querySelector("form[data-new-user]").addEventListener("submit", (event) => {
  event.preventDefault();
  const { name, password, role, environments: where } = event.target.elements;
  const body = { name: name.value.trim(), password: password.value, role: role.value };
  send("POST", "/api/v1/users", { ...body, environments: environments(where.value) }, event.target);
});

document.querySelectorAll("form[data-change-user]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { role, environments: where, password } = form.elements;
    const body = { role: role.value, environments: environments(where.value) };
    if (password.value) body.password = password.value;
    send("PATCH", `/api/v1/users/${encodeURIComponent(form.closest("li").dataset.user)}`, body, form);
  });
});

document.querySelectorAll("[data-remove]").forEach((button) => {
  button.addEventListener("click", () => {
    const name = button.closest("li").dataset.user;
    if (window.confirm(`Remove ${name}? Their sessions end and their tokens stop working.`)) {
      send("DELETE", `/api/v1/users/${encodeURIComponent(name)}`, undefined, null);
    }
  });
});

revoking(document.querySelector("[data-tokens] [data-slot='rows']"), csrfToken);
live.start(); // the badge
